package io.holi.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Filters for reading the audit trail; every filter is optional. Pages count from 0. */
public record AuditQuery(Optional<UUID> userId, Optional<UUID> patientId, Optional<AuditAction> action,
                         Optional<AuditOutcome> outcome, Optional<Instant> from, Optional<Instant> to, int page, int size) {
}
