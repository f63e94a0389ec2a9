package io.holi.scheduling;

import java.time.Instant;
import java.util.UUID;

/** PHI (the reason): never logged. */
public record Appointment(UUID id, UUID patientId, UUID clinicianId, Instant startsAt, int durationMinutes,
                          Instant endsAt, AppointmentStatus status, String reason, Instant createdAt) {

    @Override
    public String toString() {
        return "Appointment[id=" + id + "]";
    }
}
