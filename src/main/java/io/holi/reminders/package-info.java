/**
 * Appointment reminders by SMS (Twilio) and email (Resend): consent per patient and channel; an outbox in PostgreSQL
 * that every instance drains with {@code FOR UPDATE SKIP LOCKED}, so each reminder goes once; messages with no PHI
 * beyond a first name (the clinic, the date and time, a single-use link); delivery webhooks verified by signature;
 * STOP and START by text; metrics, an alert and the daily check's line.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reminders",
        allowedDependencies = {"access", "audit", "ops", "patients", "platform", "ratelimit", "scheduling"})
package io.holi.reminders;
