package io.holi.reminders.internal;

import io.holi.reminders.Channel;
import io.holi.reminders.Consent;
import io.holi.reminders.Reminder;
import io.holi.reminders.ReminderStatus;
import io.holi.reminders.Reminders;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * What the vendors report about reminders they carried, applied forward only: delivered, failed, bounced, complained.
 * A report about a message holi does not know is ignored; a report that would move a reminder back changes nothing.
 */
@Service
class DeliveryReports {

    private final ReminderRepository repository;
    private final Reminders reminders;
    private final ReminderWorker worker;

    DeliveryReports(ReminderRepository repository, Reminders reminders, ReminderWorker worker) {
        this.repository = repository;
        this.reminders = reminders;
        this.worker = worker;
    }

    /** Twilio's status callback: {@code MessageStatus} and, for failures, {@code ErrorCode}. */
    void twilio(String sid, String status, String errorCode) {
        Optional<Reminder> r = sid == null ? Optional.empty() : repository.byProviderId(sid);
        if (r.isEmpty()) {
            return;
        }
        switch (status) {
            case "delivered" -> advance(r.get(), ReminderStatus.DELIVERED, status, null, "delivered");
            case "undelivered", "failed" -> {
                advance(r.get(), ReminderStatus.FAILED, status, "Twilio " + status + (errorCode == null ? "" : ", error " + errorCode), "undelivered");
                if (String.valueOf(TwilioSender.UNSUBSCRIBED).equals(errorCode)) {
                    reminders.consentFromProvider(List.of(r.get().patientId()), Channel.SMS, false, Consent.Source.PROVIDER_OPT_OUT, "vendor:twilio");
                }
            }
            default -> repository.providerStatus(r.get().id(), status);
        }
    }

    /** Resend's events: {@code email.delivered}, {@code email.bounced}, {@code email.complained}, … */
    void resend(String type, String emailId) {
        Optional<Reminder> r = emailId == null || emailId.isEmpty() ? Optional.empty() : repository.byProviderId(emailId);
        if (r.isEmpty()) {
            return;
        }
        switch (type) {
            case "email.delivered" -> advance(r.get(), ReminderStatus.DELIVERED, type, null, "delivered");
            case "email.bounced", "email.failed" -> {
                advance(r.get(), ReminderStatus.FAILED, type, "Resend " + type, "bounced");
                reminders.consentFromProvider(List.of(r.get().patientId()), Channel.EMAIL, false, Consent.Source.BOUNCE, "vendor:resend");
            }
            case "email.complained" -> {
                repository.providerStatus(r.get().id(), type);
                reminders.consentFromProvider(List.of(r.get().patientId()), Channel.EMAIL, false, Consent.Source.COMPLAINT, "vendor:resend");
            }
            default -> repository.providerStatus(r.get().id(), type);
        }
    }

    private void advance(Reminder r, ReminderStatus to, String providerStatus, String error, String outcome) {
        for (ReminderStatus from : List.of(ReminderStatus.SENDING, ReminderStatus.SENT)) {
            if (from.mayBecome(to) && repository.advance(r.id(), from, to, providerStatus, error)) {
                worker.count(r.channel(), outcome);
                return;
            }
        }
    }
}
