package io.holi.patients.internal;

import io.holi.access.PatientRegistry;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Answers the PHI gate's "does this patient exist?" (kept apart from PatientService, which uses the gate). */
@Component
class PatientExistence implements PatientRegistry {

    private final PatientRepository repository;

    PatientExistence(PatientRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean exists(UUID patientId) {
        return repository.exists(patientId);
    }
}
