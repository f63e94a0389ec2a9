package io.holi.access;

import java.time.Instant;
import java.util.Optional;

/** The caller's best grant to a patient at this moment. */
public record GrantState(Status status, Optional<String> kind, Optional<Instant> endedAt) {

    public enum Status { ACTIVE, EXPIRED, REVOKED, NONE }

    public static GrantState none() {
        return new GrantState(Status.NONE, Optional.empty(), Optional.empty());
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    public boolean breakGlass() {
        return active() && kind.filter("BREAK_GLASS"::equals).isPresent();
    }
}
