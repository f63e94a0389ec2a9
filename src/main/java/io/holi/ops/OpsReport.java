package io.holi.ops;

import io.holi.platform.Check;
import io.holi.platform.OperationalCheck.Cadence;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A checklist run: the checks, and the manual's report filled in with them. */
public record OpsReport(Cadence cadence, Instant at, List<Check> checks, String text) {

    /** daily, weekly, monthly, quarterly: how the run is named in its evidence ({@code ops.daily}) and its JSON. */
    public String kind() {
        return cadence.name().toLowerCase(Locale.ROOT);
    }

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
