package io.holi.scheduling;

import java.util.Set;

public enum AppointmentStatus {
    SCHEDULED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW;

    /** The moves a front desk makes; anything else is a mistake worth refusing. */
    public Set<AppointmentStatus> next() {
        return switch (this) {
            case SCHEDULED -> Set.of(CHECKED_IN, CANCELLED, NO_SHOW);
            case CHECKED_IN -> Set.of(COMPLETED, CANCELLED);
            case CANCELLED -> Set.of(SCHEDULED);
            case COMPLETED, NO_SHOW -> Set.of();
        };
    }
}
