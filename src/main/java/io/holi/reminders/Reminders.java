package io.holi.reminders;

import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.patients.PatientService;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.reminders.internal.ReminderRepository;
import io.holi.scheduling.AppointmentChanged;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reminders of appointments and patients' consent to them. Booking creates an appointment's reminders (one per
 * channel and offset), moving it replaces them, cancelling it or a no-show voids them: in the transaction that
 * changed the appointment. What staff read and change here passes the PHI gate and is audited like demographics.
 */
@Service
public class Reminders {

    private final ReminderRepository repository;
    private final ReminderProperties properties;
    private final PhiGate gate;
    private final AuditTrail audit;
    private final AppointmentService appointments;
    private final PatientService patients;

    Reminders(ReminderRepository repository, ReminderProperties properties, PhiGate gate, AuditTrail audit,
              AppointmentService appointments, PatientService patients) {
        this.repository = repository;
        this.properties = properties;
        this.gate = gate;
        this.audit = audit;
        this.appointments = appointments;
        this.patients = patients;
    }

    /** A patient's consents and latest reminders, as staff see them. */
    public record PatientReminders(List<Consent> consents, List<Reminder> reminders) {
        /** The consent recorded for a channel, or null when nobody asked the patient yet. */
        public Consent consent(Channel channel) {
            return consents.stream().filter(c -> c.channel() == channel).findFirst().orElse(null);
        }
    }

    @EventListener
    void appointmentChanged(AppointmentChanged e) {
        if (e.status() != AppointmentStatus.SCHEDULED) {
            repository.voidPending(e.appointmentId(), "the appointment is " + e.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), null, null);
            return;
        }
        Instant now = Instant.now();
        for (Duration offset : properties.offsets()) {
            for (Channel channel : Channel.values()) {
                if (e.startsAt().minus(offset).isAfter(now)) {
                    repository.schedule(e.appointmentId(), e.patientId(), channel, offset, e.startsAt());
                } else {
                    // booked or moved too close to the appointment for this one: it would arrive late
                    repository.voidPending(e.appointmentId(), "booked less than " + offset.toHours() + " h ahead", channel, offset);
                }
            }
        }
    }

    public PatientReminders forPatient(UUID patientId) {
        gate.require(Caller.require(), patientId, Purpose.READ_DEMOGRAPHICS, "ReminderConsent");
        PatientReminders r = new PatientReminders(repository.consents(patientId), repository.forPatient(patientId));
        audit.record(AuditEvent.of(AuditAction.READ).resource("ReminderConsent").patient(patientId)
                .detail("returned", r.reminders().size()).build());
        return r;
    }

    /** Staff record a patient's consent (or its withdrawal) on one channel, and the messages' language. */
    @Transactional
    public Consent setConsent(UUID patientId, Channel channel, boolean optedIn, String language) {
        Caller caller = Caller.require();
        gate.require(caller, patientId, Purpose.WRITE_DEMOGRAPHICS, "ReminderConsent");
        if (language != null && !ReminderMessages.LANGUAGES.contains(language)) {
            throw HoliException.invalid("language", "must be one of " + ReminderMessages.LANGUAGES);
        }
        if (repository.setConsent(patientId, channel, optedIn, Consent.Source.STAFF, caller.id(), language)) {
            audit.record(AuditEvent.of(AuditAction.UPDATE).resource("ReminderConsent").patient(patientId)
                    .detail("channel", channel.name()).detail("optedIn", optedIn).detail("source", Consent.Source.STAFF.name())
                    .detail("language", language == null ? "unchanged" : language).build());
        }
        return repository.consent(patientId, channel).orElseThrow();
    }

    /**
     * A consent changed by the patient's text or by a provider's report (no staff member): audited with that actor,
     * as a PHI update. Answers the patients whose consent changed.
     */
    @Transactional
    public List<UUID> consentFromProvider(Collection<UUID> patientIds, Channel channel, boolean optedIn, Consent.Source source, String actor) {
        List<UUID> changed = patientIds.stream()
                .filter(p -> repository.setConsent(p, channel, optedIn, source, null, null)).toList();
        for (UUID p : changed) {
            audit.record(AuditEvent.of(AuditAction.UPDATE).actor(null, actor, "SYSTEM").resource("ReminderConsent").patient(p)
                    .detail("channel", channel.name()).detail("optedIn", optedIn).detail("source", source.name()).build());
        }
        return changed;
    }

    /** The patients with this phone number (the sender of an inbound text), in the spellings a number is stored in. */
    public List<UUID> patientsWithPhone(String e164) {
        String digits = e164.replaceAll("[^0-9]", "");
        String country = properties.defaultCountryCode();
        List<String> spellings = digits.startsWith(country) && digits.length() > country.length()
                ? List.of(digits, digits.substring(country.length())) : List.of(digits);
        return patients.withPhone(spellings);
    }

    /** The outbox in numbers, for the CLI. */
    public java.util.Map<String, Long> counts() {
        return repository.countsByStatus();
    }

    public double oldestPendingSeconds() {
        return repository.oldestPendingSeconds();
    }

    public List<Reminder> forAppointment(UUID appointmentId) {
        return repository.forAppointment(appointmentId);
    }

    /** Failed reminders of appointments still ahead, newest first (for the CLI: ids and the provider's error only). */
    public List<Reminder> failedAhead() {
        return repository.failedAhead();
    }

    /** Failed reminders of appointments still ahead go back to the outbox (all of them when no id is given). */
    public int retry(Collection<UUID> ids) {
        int n = repository.retry(ids);
        audit.record(AuditEvent.of(AuditAction.OPERATION).resource("Reminder").detail("operation", "reminders retry")
                .detail("requeued", n).detail("ids", ids.stream().map(UUID::toString).toList()).build());
        return n;
    }
}
