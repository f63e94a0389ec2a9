package io.holi.scheduling;

import java.time.Instant;
import java.util.List;

/** A clinician's busy time that clashes with a wished-for slot, and the next free slots: times only, no patient. */
public record Availability(List<Busy> clashes, List<Instant> nextFree) {

    public record Busy(Instant from, Instant to) {
    }
}
