package io.holi.status;

import java.util.Arrays;
import java.util.Optional;

/** A component's state, in Statuspage's vocabulary and order of gravity (maintenance is planned, not an outage). */
public enum ComponentState {
    OPERATIONAL("operational", "Operational", 0),
    UNDER_MAINTENANCE("under_maintenance", "Under maintenance", 1),
    DEGRADED_PERFORMANCE("degraded_performance", "Degraded performance", 2),
    PARTIAL_OUTAGE("partial_outage", "Partial outage", 3),
    MAJOR_OUTAGE("major_outage", "Major outage", 4);

    private final String apiName;
    private final String label;
    private final int gravity;

    ComponentState(String apiName, String label, int gravity) {
        this.apiName = apiName;
        this.label = label;
        this.gravity = gravity;
    }

    /** As Statuspage's API and holi's database spell it: {@code partial_outage}. */
    public String apiName() {
        return apiName;
    }

    public String label() {
        return label;
    }

    /** The graver of the two. */
    public ComponentState worse(ComponentState other) {
        return other.gravity > gravity ? other : this;
    }

    public static Optional<ComponentState> byApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName.equals(name)).findFirst();
    }
}
