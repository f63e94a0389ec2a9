package io.holi.ops;

import java.time.Instant;
import java.util.List;

/** A checklist run: the checks, and the manual's report filled in with them. */
public record OpsReport(String kind, Instant at, List<Check> checks, String text) {

    public Check.Status overall() {
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.FAILURE)) {
            return Check.Status.FAILURE;
        }
        if (checks.stream().anyMatch(c -> c.status() == Check.Status.WARNING)) {
            return Check.Status.WARNING;
        }
        return Check.Status.OK;
    }


}
