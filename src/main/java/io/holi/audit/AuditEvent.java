package io.holi.audit;

import io.holi.platform.Caller;
import io.holi.platform.RequestMetadata;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One audit record: who, what, which patient, when, from where, with what outcome. {@code details} carries
 * identifiers and reasons, never PHI.
 */
public record AuditEvent(Instant timestamp, AuditAction action, AuditOutcome outcome,
                         UUID userId, String userEmail, String role,
                         String resource, UUID resourceId, UUID patientId,
                         String ipAddress, String userAgent, String requestId,
                         Map<String, Object> details) {

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * Starts an event for the current caller and request; outside a request the actor is this process
     * (a CLI command or a scheduled job), recorded as {@code system:<os user>}.
     */
    public static Builder of(AuditAction action) {
        Builder b = new Builder(action);
        Caller.current().ifPresentOrElse(
                c -> b.actor(c.id(), c.email(), c.role().name()),
                () -> {
                    if (RequestMetadata.ofRequest().isEmpty()) {
                        b.actor(null, "system:" + System.getProperty("user.name", "unknown"), "SYSTEM");
                    }
                });
        RequestMetadata m = RequestMetadata.current();
        b.ipAddress = m.clientIp();
        b.userAgent = m.userAgent();
        b.requestId = m.requestId();
        PhiRoutes.currentRoute().ifPresent(route -> b.details.put("route", route));
        return b;
    }

    public static final class Builder {
        private final AuditAction action;
        private AuditOutcome outcome = AuditOutcome.SUCCESS;
        private UUID userId;
        private String userEmail;
        private String role;
        private String resource;
        private UUID resourceId;
        private UUID patientId;
        private String ipAddress;
        private String userAgent;
        private String requestId;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(AuditAction action) {
            this.action = action;
        }

        public Builder actor(UUID id, String email, String role) {
            this.userId = id;
            this.userEmail = email;
            this.role = role;
            return this;
        }

        public Builder outcome(AuditOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder denied(String reason) {
            this.outcome = AuditOutcome.DENIED;
            return detail("reason", reason);
        }

        public Builder failed(String reason) {
            this.outcome = AuditOutcome.FAILED;
            return detail("reason", reason);
        }

        public Builder resource(String resource, UUID id) {
            this.resource = resource;
            this.resourceId = id;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder patient(UUID patientId) {
            this.patientId = patientId;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(Instant.now(), action, outcome, userId, userEmail, role, resource, resourceId,
                    patientId, ipAddress, userAgent, requestId, details);
        }
    }
}
