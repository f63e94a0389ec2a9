package io.holi.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit row as stored. */
public record AuditRecord(long id, Instant timestamp, UUID userId, String userEmail, String role, String action,
                          String resource, UUID resourceId, UUID patientId, String ipAddress, String userAgent,
                          String requestId, String outcome, Map<String, Object> details) {
}
