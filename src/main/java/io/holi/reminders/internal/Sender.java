package io.holi.reminders.internal;

import io.holi.reminders.Channel;
import io.holi.reminders.ReminderMessages;
import java.util.UUID;

/** A vendor that carries one channel's reminders. */
interface Sender {

    Channel channel();

    /** Whether its credentials are set (the vendor inventory decides separately whether PHI may reach it). */
    boolean configured();

    /**
     * Sends one message and answers the provider's message id.
     *
     * @param idempotencyKey the reminder's id: a vendor that honours it never sends the same reminder twice
     */
    String send(String to, ReminderMessages.Message message, UUID idempotencyKey) throws Failure;

    /** A send the provider refused or never answered; {@code transient} ones are tried again later. */
    final class Failure extends Exception {
        private final boolean transientFailure;
        private final Integer providerCode;

        Failure(boolean transientFailure, String message) {
            this(transientFailure, message, null);
        }

        Failure(boolean transientFailure, String message, Integer providerCode) {
            super(message);
            this.transientFailure = transientFailure;
            this.providerCode = providerCode;
        }

        /** The provider's own error code (Twilio's 21610: the number opted out), when it gave one. */
        Integer providerCode() {
            return providerCode;
        }

        boolean isTransient() {
            return transientFailure;
        }

        /** Provider status codes worth another try: too many requests, and the provider's own errors. */
        static boolean transientStatus(Integer status) {
            return status == null || status == 408 || status == 429 || status >= 500;
        }
    }
}
