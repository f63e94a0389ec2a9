package io.holi.notes;

import java.time.Instant;
import java.util.UUID;

/** A note at its current version. PHI: never logged. */
public record Note(UUID id, UUID patientId, UUID authorId, int version, String text, UUID lastEditedBy,
                   Instant createdAt, Instant updatedAt) {

    @Override
    public String toString() {
        return "Note[id=" + id + ", version=" + version + "]";
    }
}
