package io.holi.incidents;

import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An incident as recorded. Its timeline is in the audit trail; its public updates, links and actions beside it. */
public record Incident(UUID id, int number, String title, IncidentType type, Severity severity, IncidentStatus status, String commander,
                       String summary, Set<StatusComponent> components, ComponentState impact, Instant occurredAt, Instant detectedAt,
                       Instant discoveredAt, Instant containedAt, Instant resolvedAt, Instant closedAt, Instant declaredAt,
                       String declaredBy, String alertFingerprint, Postmortem postmortem) {

    /** The blameless postmortem's own words (the rest is generated from the record). */
    public record Postmortem(String rootCause, String detection, String wentWell, String wentBadly) {
        public boolean complete() {
            return filled(rootCause) && filled(detection) && filled(wentWell) && filled(wentBadly);
        }

        private static boolean filled(String s) {
            return s != null && !s.isBlank();
        }
    }

    /** "INC-12": how people and the status page refer to it. */
    public String reference() {
        return "INC-" + number;
    }
}
