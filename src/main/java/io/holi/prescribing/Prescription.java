package io.holi.prescribing;

import java.time.Instant;
import java.util.UUID;

/** PHI: never logged. */
public record Prescription(UUID id, UUID patientId, UUID prescriberId, String medication, String dosage, String route,
                           String frequency, int quantity, int refills, String instructions, String status,
                           Instant createdAt, Instant discontinuedAt, UUID discontinuedBy, String discontinueReason) {

    @Override
    public String toString() {
        return "Prescription[id=" + id + "]";
    }
}
