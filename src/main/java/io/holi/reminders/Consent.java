package io.holi.reminders;

import java.time.Instant;
import java.util.UUID;

/**
 * A patient's consent to reminders on one channel: given or withdrawn, when, and by whom or what. Without a consent
 * given, nothing is sent on that channel.
 *
 * @param changedBy the staff member who recorded it (null when the patient or a provider changed it)
 * @param language  the language of the messages ({@code en}, {@code es})
 */
public record Consent(Channel channel, boolean optedIn, Source source, Instant changedAt, UUID changedBy, String language) {

    public enum Source {
        /** recorded by staff, in the web application or the API, from what the patient said or signed */
        STAFF,
        /** the patient texted STOP or START */
        PATIENT_SMS,
        /** the provider has the number on its own opt-out list (Twilio error 21610) */
        PROVIDER_OPT_OUT,
        /** the email address bounced */
        BOUNCE,
        /** the patient marked a reminder as spam */
        COMPLAINT
    }
}
