package io.holi.reminders.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.ops.VendorInventory;
import io.holi.patients.PatientService;
import io.holi.platform.HoliProperties;
import io.holi.reminders.Channel;
import io.holi.reminders.Consent;
import io.holi.reminders.Reminder;
import io.holi.reminders.ReminderMessages;
import io.holi.reminders.ReminderProperties;
import io.holi.reminders.ReminderStatus;
import io.holi.scheduling.AppointmentChanged;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: claims due reminders ({@code FOR UPDATE SKIP LOCKED}, so instances never claim the same one),
 * decides each (appointment still on, consent, vendor allowed, an address), sends it through its vendor and records
 * the answer. Transient failures wait and are tried again (backoff doubling from {@code retry-backoff}); the last
 * one, or a refusal, is final. Logs ids and outcomes only: never an address, a name or a message.
 */
public class ReminderWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReminderWorker.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String ACTOR = "system:reminders";

    private final ReminderRepository repository;
    private final AppointmentService appointments;
    private final PatientService patients;
    private final VendorInventory vendors;
    private final Map<Channel, Sender> senders;
    private final ReminderMessages messages;
    private final ReminderProperties properties;
    private final HoliProperties holi;
    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final AtomicLong oldestPending = new AtomicLong();
    /** Sends of one batch run side by side: a send mostly waits (the vendor, a durable commit). */
    private final java.util.concurrent.ExecutorService sending;

    ReminderWorker(ReminderRepository repository, AppointmentService appointments, PatientService patients, VendorInventory vendors,
                   List<Sender> senders, ReminderMessages messages, ReminderProperties properties, HoliProperties holi,
                   AuditTrail audit, MeterRegistry meters) {
        this.repository = repository;
        this.appointments = appointments;
        this.patients = patients;
        this.vendors = vendors;
        this.senders = new java.util.EnumMap<>(Channel.class);
        senders.forEach(s -> this.senders.put(s.channel(), s));
        this.messages = messages;
        this.properties = properties;
        this.holi = holi;
        this.audit = audit;
        this.meters = meters;
        AtomicLong threads = new AtomicLong();
        this.sending = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, properties.concurrency()), task -> {
            Thread t = new Thread(task, "reminder-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // every series exists from the start at 0 (an alert's rate over a series that appears later misses its first step)
        for (Channel c : Channel.values()) {
            for (String outcome : OUTCOMES) {
                counter(c, outcome);
            }
        }
        Gauge.builder("reminders.outbox.oldest.pending", oldestPending, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest due reminder has waited to be sent (0: none waits)").register(meters);
    }

    /** One pass: fails abandoned claims, then claims and sends until nothing is due. Answers how many were handled. */
    public int drain() {
        for (Reminder r : repository.failExpiredLeases()) {
            count(r.channel(), "failed");
            log.warn("Reminder {} failed: its sender stopped mid-send (outcome unknown, not sent again; holi reminders retry sends it)", r.id());
        }
        int handled = 0;
        List<Reminder> batch;
        do {
            batch = repository.claim(properties.batchSize(), properties.lease());
            // the vendor inventory is read once a batch (it is a file a person edits: a signature counts from the next batch)
            Map<Channel, VendorInventory.Baa> baas = new java.util.EnumMap<>(Channel.class);
            for (Channel c : Channel.values()) {
                baas.put(c, vendors.baa(c.vendor()));
            }
            List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
            for (Reminder r : batch) {
                sends.add(sending.submit(() -> handle(r, baas.get(r.channel()))));
            }
            for (java.util.concurrent.Future<?> f : sends) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return handled;
                } catch (java.util.concurrent.ExecutionException e) {
                    // handle() catches what it can; anything else leaves the claim to expire
                }
            }
            handled += batch.size();
        } while (batch.size() == properties.batchSize());
        oldestPending.set(Math.round(repository.oldestPendingSeconds()));
        return handled;
    }

    private void handle(Reminder r, VendorInventory.Baa baa) {
        try {
            decideAndSend(r, baa);
        } catch (RuntimeException e) {
            // a bug or the database: the claim's lease runs out and the reminder fails as "outcome unknown"
            log.error("Reminder {} could not be handled: {}", r.id(), e.getClass().getSimpleName());
        }
    }

    private void decideAndSend(Reminder r, VendorInventory.Baa baa) {
        Optional<AppointmentChanged> appointment = appointments.timeAndStatus(r.appointmentId());
        if (appointment.isEmpty() || appointment.get().status() != AppointmentStatus.SCHEDULED
                || !appointment.get().startsAt().equals(r.appointmentAt()) || !appointment.get().startsAt().isAfter(Instant.now())) {
            finish(r, ReminderStatus.VOID, "void", null, "the appointment is no longer at this time or not scheduled");
            return;
        }
        Optional<Consent> consent = repository.consent(r.patientId(), r.channel());
        if (consent.isEmpty() || !consent.get().optedIn()) {
            finish(r, ReminderStatus.SKIPPED, "opted_out", null, consent.isEmpty() ? "no consent recorded" : "consent withdrawn ("
                    + consent.get().source().name().toLowerCase(java.util.Locale.ROOT) + ")");
            return;
        }
        Sender sender = senders.get(r.channel());
        if (sender == null || !sender.configured() || !baa.allowsPhi() || properties.publicBase().isEmpty()) {
            finish(r, ReminderStatus.SKIPPED, "disabled", null, sender == null || !sender.configured() ? r.channel().vendor() + " is not configured"
                    : !baa.allowsPhi() ? baa.describe() + ": sending is disabled" : "HOLI_PUBLIC_URL is not set (the link needs it)");
            return;
        }
        Optional<PatientService.Contact> contact = patients.reminderContact(r.patientId());
        String to = contact.map(c -> r.channel() == Channel.SMS ? PhoneNumbers.e164(c.phone(), properties.defaultCountryCode())
                : c.email() == null || c.email().isBlank() ? null : c.email().strip()).orElse(null);
        if (to == null) {
            finish(r, ReminderStatus.SKIPPED, "no_address", null, r.channel() == Channel.SMS ? "no usable phone number" : "no email address");
            return;
        }
        String token = token();
        repository.link(r.id(), sha256(token), r.appointmentAt());
        String language = messages.language(consent.get().language());
        String[] when = ReminderMessages.dateAndTime(r.appointmentAt(), holi.clinic().timeZone(), language);
        ReminderMessages.Message message = messages.render(r.channel(), language, new ReminderMessages.Fields(holi.clinic().name(),
                properties.firstName() ? contact.get().firstName() : "", when[0], when[1], properties.publicBase() + "/r/" + token));
        try {
            String providerId = sender.send(to, message, r.id());
            if (finish(r, ReminderStatus.SENT, "sent", providerId, null)) {
                audit(r, "sent", providerId);
            }
        } catch (Sender.Failure f) {
            failed(r, f);
        }
    }

    private void failed(Reminder r, Sender.Failure f) {
        if (f.isTransient() && r.attempts() < properties.maxAttempts()) {
            long factor = 1L << Math.min(r.attempts() - 1, 10);
            Duration wait = properties.retryBackoff().multipliedBy(factor);
            wait = wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
            if (repository.retryLater(r.id(), Instant.now().plus(wait), f.getMessage())) {
                count(r.channel(), "retried");
                log.info("Reminder {} ({}) attempt {} failed for now, next in {} s", r.id(), r.channel().label(), r.attempts(), wait.toSeconds());
            }
            return;
        }
        if (finish(r, ReminderStatus.FAILED, "failed", null, f.getMessage())) {
            audit(r, "failed", null);
            log.warn("Reminder {} ({}) failed after {} attempt(s)", r.id(), r.channel().label(), r.attempts());
        }
        if (f.providerCode() != null && f.providerCode() == TwilioSender.UNSUBSCRIBED) {
            repository.setConsent(r.patientId(), Channel.SMS, false, Consent.Source.PROVIDER_OPT_OUT, null, null);
            audit.record(AuditEvent.of(AuditAction.UPDATE).actor(null, "vendor:twilio", "SYSTEM").resource("ReminderConsent")
                    .patient(r.patientId()).detail("channel", "SMS").detail("optedIn", false)
                    .detail("source", Consent.Source.PROVIDER_OPT_OUT.name()).build());
        }
    }

    private boolean finish(Reminder r, ReminderStatus status, String outcome, String providerId, String error) {
        boolean ours = repository.finish(r.id(), status, outcome, providerId, error);
        if (ours) {
            count(r.channel(), outcome);
        }
        return ours;
    }

    private void audit(Reminder r, String outcome, String providerId) {
        audit.record(AuditEvent.of(AuditAction.REMINDER).actor(null, ACTOR, "SYSTEM").resource("Appointment", r.appointmentId())
                .patient(r.patientId()).detail("channel", r.channel().name()).detail("offsetMinutes", r.offset().toMinutes())
                .detail("outcome", outcome).detail("reminderId", r.id().toString())
                .detail("providerMessageId", providerId == null ? "" : providerId).build());
    }

    static final List<String> OUTCOMES = List.of("sent", "failed", "retried", "opted_out", "disabled", "no_address", "void",
            "delivered", "undelivered", "bounced");

    void count(Channel channel, String outcome) {
        counter(channel, outcome).increment();
    }

    private Counter counter(Channel channel, String outcome) {
        return Counter.builder("reminders").description("Appointment reminders handled, by channel and outcome (sent, failed, retried, "
                        + "opted_out, disabled, no_address, void, delivered, bounced)")
                .tag("channel", channel.label()).tag("outcome", outcome).register(meters);
    }

    @Override
    public void close() {
        sending.shutdownNow();
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
