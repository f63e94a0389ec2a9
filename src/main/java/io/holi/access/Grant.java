package io.holi.access;

import java.time.Instant;
import java.util.UUID;

/** A grant as administrators and reviewers see it. */
public record Grant(UUID id, UUID userId, UUID patientId, UUID grantedBy, String reason, String kind,
                    Instant createdAt, Instant expiresAt, Instant revokedAt, String status,
                    Instant reviewedAt, UUID reviewedBy, String reviewNote) {
}
