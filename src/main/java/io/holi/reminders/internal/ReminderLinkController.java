package io.holi.reminders.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.HoliProperties;
import io.holi.reminders.ReminderMessages;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page a reminder's link opens: no sign-in (the link is the proof), it shows only what the message showed (the
 * clinic, the date and the time) and lets the patient confirm or cancel, once. The link ends when used or when the
 * appointment starts; its token is kept only as a SHA-256.
 */
@Controller
class ReminderLinkController {

    static final String PATH = "/r/{token}";

    private final ReminderRepository repository;
    private final AppointmentService appointments;
    private final HoliProperties holi;
    private final AuditTrail audit;
    private final ReminderMessages messages;

    ReminderLinkController(ReminderRepository repository, AppointmentService appointments, HoliProperties holi, AuditTrail audit,
                           ReminderMessages messages) {
        this.messages = messages;
        this.repository = repository;
        this.appointments = appointments;
        this.holi = holi;
        this.audit = audit;
    }

    @GetMapping(PATH)
    String show(@PathVariable String token, Model model, HttpServletResponse response) {
        ReminderRepository.Link link = find(token).orElse(null);
        if (link == null) {
            return invalid(model, response);
        }
        describe(link, model);
        model.addAttribute("state", state(link));
        return "reminders/link";
    }

    @PostMapping(PATH)
    String answer(@PathVariable String token, @RequestParam(defaultValue = "") String action, Model model, HttpServletResponse response) {
        ReminderRepository.Link link = find(token).orElse(null);
        if (link == null || !action.equals("confirm") && !action.equals("cancel")) {
            return link == null ? invalid(model, response) : invalidAction(model, response, link);
        }
        describe(link, model);
        if (!state(link).equals("open") || !repository.useLink(ReminderWorker.sha256(token), action.toUpperCase(java.util.Locale.ROOT))) {
            model.addAttribute("state", state(find(token).orElseThrow()));
            return "reminders/link";
        }
        if (action.equals("cancel")) {
            appointments.cancelByPatient(link.appointmentId());
        } else {
            audit.record(AuditEvent.of(AuditAction.UPDATE).actor(null, "patient:reminder-link", "PATIENT")
                    .resource("Appointment", link.appointmentId()).detail("confirmed", true).detail("via", "reminder link").build());
        }
        model.addAttribute("state", action.equals("cancel") ? "cancelled" : "confirmed");
        return "reminders/link";
    }

    private Optional<ReminderRepository.Link> find(String token) {
        return token.length() > 100 ? Optional.empty() : repository.link(ReminderWorker.sha256(token));
    }

    private String invalid(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("clinic", holi.clinic().name());
        model.addAttribute("lang", messages.language(null));
        model.addAttribute("t", messages.page(null));
        model.addAttribute("state", "invalid");
        return "reminders/link";
    }

    private String invalidAction(Model model, HttpServletResponse response, ReminderRepository.Link link) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        describe(link, model);
        model.addAttribute("state", state(link));
        return "reminders/link";
    }

    private void describe(ReminderRepository.Link link, Model model) {
        String language = messages.language(link.language());
        String[] when = ReminderMessages.dateAndTime(link.appointmentAt(), holi.clinic().timeZone(), language);
        model.addAttribute("lang", language);
        model.addAttribute("t", messages.page(language));
        model.addAttribute("clinic", holi.clinic().name());
        model.addAttribute("date", when[0]);
        model.addAttribute("time", when[1]);
    }

    /** open, used (confirmed or cancelled before), or expired (the appointment started, moved or was cancelled by the clinic). */
    private String state(ReminderRepository.Link link) {
        if (link.usedAt() != null) {
            return "used-" + link.usedFor().toLowerCase(java.util.Locale.ROOT);
        }
        boolean scheduled = appointments.timeAndStatus(link.appointmentId())
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED && a.startsAt().equals(link.appointmentAt())).isPresent();
        return scheduled && link.expiresAt() != null && link.expiresAt().isAfter(Instant.now()) ? "open" : "expired";
    }

}
