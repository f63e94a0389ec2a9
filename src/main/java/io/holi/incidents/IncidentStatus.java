package io.holi.incidents;

import java.util.Locale;

/** An incident's life, in order; it only moves forward (steps may be skipped), and closed is final. */
public enum IncidentStatus {
    DECLARED, INVESTIGATING, CONTAINED, RESOLVED, CLOSED;

    public boolean open() {
        return this != RESOLVED && this != CLOSED;
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
