package io.holi.reminders;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.ops.VendorInventory;
import io.holi.patients.PatientService;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.scheduling.AppointmentChanged;
import io.holi.scheduling.AppointmentService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What an appointment's reminders would say, for an operator checking a template or a complaint ({@code holi reminders
 * preview}): the rendered text with a placeholder instead of the single-use link, nothing sent. The first name it
 * prints is PHI: the preview is audited as a read of the patient's demographics by the operator.
 */
@Component
public class ReminderPreview {

    public record Preview(Channel channel, String language, String to, ReminderMessages.Message message, String wouldSend) {
    }

    private final AppointmentService appointments;
    private final PatientService patients;
    private final ReminderMessages messages;
    private final ReminderProperties properties;
    private final HoliProperties holi;
    private final VendorInventory vendors;
    private final AuditTrail audit;
    private final io.holi.reminders.internal.ReminderRepository repository;

    ReminderPreview(AppointmentService appointments, PatientService patients, ReminderMessages messages, ReminderProperties properties,
                    HoliProperties holi, VendorInventory vendors, AuditTrail audit, io.holi.reminders.internal.ReminderRepository repository) {
        this.appointments = appointments;
        this.patients = patients;
        this.messages = messages;
        this.properties = properties;
        this.holi = holi;
        this.vendors = vendors;
        this.audit = audit;
        this.repository = repository;
    }

    public List<Preview> of(UUID appointmentId) {
        AppointmentChanged a = appointments.timeAndStatus(appointmentId)
                .orElseThrow(() -> HoliException.notFound("No appointment with id " + appointmentId));
        PatientService.Contact contact = patients.reminderContact(a.patientId())
                .orElseThrow(() -> HoliException.notFound("The appointment's patient was removed"));
        audit.record(AuditEvent.of(AuditAction.READ).resource("ReminderConsent").patient(a.patientId())
                .detail("view", "reminders preview").detail("appointmentId", appointmentId.toString()).build());
        List<Preview> out = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            Consent consent = repository.consent(a.patientId(), channel).orElse(null);
            String language = messages.language(consent == null ? null : consent.language());
            String[] when = ReminderMessages.dateAndTime(a.startsAt(), holi.clinic().timeZone(), language);
            String base = properties.publicBase().isEmpty() ? "https://<HOLI_PUBLIC_URL>" : properties.publicBase();
            ReminderMessages.Message m = messages.render(channel, language, new ReminderMessages.Fields(holi.clinic().name(),
                    properties.firstName() ? contact.firstName() : "", when[0], when[1], base + "/r/<single-use link made when sent>"));
            String to = channel == Channel.SMS ? mask(contact.phone()) : mask(contact.email());
            VendorInventory.Baa baa = vendors.baa(channel.vendor());
            boolean configured = properties.configured(channel);
            String would = consent == null || !consent.optedIn() ? "no: the patient has not agreed to " + channel.label() + " reminders"
                    : !configured ? "no: " + channel.vendor() + " is not configured" : !baa.allowsPhi() ? "no: " + baa.describe()
                    : to.equals("(none)") ? "no: no address" : "yes";
            out.add(new Preview(channel, language, to, m, would));
        }
        return out;
    }

    /** An address with most of it hidden: enough to tell which one, not enough to copy. */
    static String mask(String address) {
        if (address == null || address.isBlank()) {
            return "(none)";
        }
        String s = address.strip();
        int at = s.indexOf('@');
        if (at > 0) {
            return s.charAt(0) + "***" + s.substring(at);
        }
        String digits = s.replaceAll("[^0-9]", "");
        return digits.length() <= 4 ? "***" : "***" + digits.substring(digits.length() - 4);
    }
}
