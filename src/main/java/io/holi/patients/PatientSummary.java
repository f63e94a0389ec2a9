package io.holi.patients;

import java.time.LocalDate;
import java.util.UUID;

/** What a search result or a schedule shows of a patient. PHI: never logged. */
public record PatientSummary(UUID id, String mrn, String firstName, String lastName, LocalDate dateOfBirth, Sex sex) {

    @Override
    public String toString() {
        return "PatientSummary[id=" + id + "]";
    }
}
