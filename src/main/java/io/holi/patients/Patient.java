package io.holi.patients;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A patient's demographics, decrypted. PHI: never logged ({@link #toString()} shows only identifiers). */
public record Patient(UUID id, String mrn, String firstName, String lastName, LocalDate dateOfBirth, Sex sex,
                      String email, String phone, String address, String nationalId,
                      Instant createdAt, Instant updatedAt) {

    @Override
    public String toString() {
        return "Patient[id=" + id + ", mrn=" + mrn + "]";
    }
}
