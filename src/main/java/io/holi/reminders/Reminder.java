package io.holi.reminders;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One reminder of the outbox: an appointment, a channel, an offset. Holds no message text and no address.
 *
 * @param outcome what the metric and the daily check count it as: sent, failed, opted_out, disabled, no_address, void
 */
public record Reminder(UUID id, UUID appointmentId, UUID patientId, Channel channel, Duration offset, Instant appointmentAt,
                       Instant dueAt, ReminderStatus status, int attempts, Instant nextAttemptAt, String providerMessageId,
                       String providerStatus, String error, String outcome, Instant sentAt, Instant linkUsedAt, String linkUsedFor) {
}
