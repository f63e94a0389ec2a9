package io.holi.scheduling;

import io.holi.patients.PatientSummary;

import java.time.Instant;
import java.util.UUID;

/** One slot of a day's schedule; {@code patientId} and {@code patient} only when the caller may see that patient: otherwise a busy slot. */
public record ScheduleEntry(UUID id, Instant startsAt, int durationMinutes, AppointmentStatus status,
                            UUID clinicianId, UUID patientId, PatientSummary patient) {
}
