package io.holi.reminders;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Appointment reminders ({@code holi.reminders.*}).
 *
 * @param publicUrl          HOLI_PUBLIC_URL: the address patients and vendors reach holi at, behind the load balancer
 *                           ({@code https://clinic.example.org}); links in messages and webhook signatures use it
 * @param offsets            how long before an appointment its reminders go (default 24 h and 2 h)
 * @param pollInterval       how often each serving instance looks for due reminders; 0 turns its worker off
 * @param batchSize          how many due reminders a worker claims at once
 * @param concurrency        how many of a batch one instance sends at the same time
 * @param maxAttempts        sends tried on transient failures (provider 5xx, 429, network) before FAILED
 * @param retryBackoff       the wait after the first transient failure, doubled after each further one
 * @param lease              how long a claimed reminder stays the claimer's; past it, the outcome is unknown and the
 *                           reminder is FAILED (never sent twice)
 * @param firstName          whether messages greet the patient by first name (the only personal detail they carry)
 * @param defaultLanguage    the messages' language when a patient's consent names none
 * @param defaultCountryCode the country calling code of phone numbers written without one ({@code 1}: +1 …)
 */
@ConfigurationProperties("holi.reminders")
public record ReminderProperties(String publicUrl,
                                 @DefaultValue({"24h", "2h"}) List<Duration> offsets,
                                 @DefaultValue("15s") Duration pollInterval,
                                 @DefaultValue("50") int batchSize,
                                 @DefaultValue("4") int concurrency,
                                 @DefaultValue("5") int maxAttempts,
                                 @DefaultValue("30s") Duration retryBackoff,
                                 @DefaultValue("5m") Duration lease,
                                 @DefaultValue("true") boolean firstName,
                                 @DefaultValue("en") String defaultLanguage,
                                 @DefaultValue("1") String defaultCountryCode,
                                 @DefaultValue Twilio twilio,
                                 @DefaultValue Resend resend) {

    /**
     * @param accountSid TWILIO_ACCOUNT_SID
     * @param authToken  TWILIO_AUTH_TOKEN: authenticates the API calls and signs Twilio's webhooks
     * @param from       the sending number (E.164) or messaging service SID (MG…)
     * @param baseUrl    Twilio's API (tests and regional edges point it elsewhere)
     */
    public record Twilio(String accountSid, String authToken, String from,
                         @DefaultValue("https://api.twilio.com") String baseUrl) {
        public boolean configured() {
            return present(accountSid) && present(authToken) && present(from);
        }
    }

    /**
     * @param apiKey        RESEND_API_KEY
     * @param from          the sender ({@code Riverside Clinic <reminders@clinic.example.org>})
     * @param webhookSecret RESEND_WEBHOOK_SECRET: the {@code whsec_…} secret Resend signs its events with
     * @param baseUrl       Resend's API
     */
    public record Resend(String apiKey, String from, String webhookSecret,
                         @DefaultValue("https://api.resend.com") String baseUrl) {
        public boolean configured() {
            return present(apiKey) && present(from);
        }
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Whether the vendor that carries this channel has its credentials set. */
    public boolean configured(Channel channel) {
        return switch (channel) {
            case SMS -> twilio.configured();
            case EMAIL -> resend.configured();
        };
    }

    /** The public address without a trailing slash, or empty when not set. */
    public String publicBase() {
        return present(publicUrl) ? publicUrl.strip().replaceAll("/+$", "") : "";
    }
}
