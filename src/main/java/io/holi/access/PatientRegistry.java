package io.holi.access;

import java.util.UUID;

/**
 * Whether a patient exists (and is not deleted). Implemented by the patients module; the gate uses it to
 * answer 404 for unknown patients before deciding anything else.
 */
public interface PatientRegistry {
    boolean exists(UUID patientId);
}
