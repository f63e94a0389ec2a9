package io.holi.reminders;

/**
 * Where a reminder is. PENDING until due; SENDING while a worker holds its lease; SENT once the provider accepted it;
 * DELIVERED when the provider says it arrived. FAILED, VOID (the appointment moved, was cancelled or missed) and
 * SKIPPED (no consent, vendor disabled, no address) are final. Statuses only move forward.
 */
public enum ReminderStatus {
    PENDING, SENDING, SENT, DELIVERED, FAILED, VOID, SKIPPED;

    /** Whether a provider's report may move a reminder from this status to {@code next}. */
    public boolean mayBecome(ReminderStatus next) {
        return switch (this) {
            case SENT -> next == DELIVERED || next == FAILED;
            case SENDING -> next == SENT || next == DELIVERED || next == FAILED;
            case PENDING, DELIVERED, FAILED, VOID, SKIPPED -> false;
        };
    }
}
