package io.holi.fhir;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A registered SMART backend client: who it acts as, what it may ask for, and whether it still may. */
public record FhirClient(UUID id, String name, String scope, UUID actingUserId, String actingUserEmail, int keys,
                         String createdBy, Instant createdAt, Optional<Instant> revokedAt) {

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
