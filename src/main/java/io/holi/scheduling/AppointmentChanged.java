package io.holi.scheduling;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the transaction that booked, moved or changed the status of an appointment, so that what hangs on
 * an appointment's time (reminders) changes with it or not at all. Times and status only: no PHI.
 */
public record AppointmentChanged(UUID appointmentId, UUID patientId, Instant startsAt, AppointmentStatus status) {
}
