package io.holi.web.internal;

import io.holi.platform.HoliException;
import io.holi.reminders.Channel;
import io.holi.reminders.Reminders;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The reminders section of a patient's demographics: consent per channel, recorded by staff from what the patient said. */
@Controller
@ConditionalOnWebApplication
@PreAuthorize("hasAnyRole('ADMIN', 'CLINICIAN', 'STAFF')")
class ReminderPages {

    private final Reminders reminders;
    private final ChartFrame chart;

    ReminderPages(Reminders reminders, ChartFrame chart) {
        this.reminders = reminders;
        this.chart = chart;
    }

    @PostMapping("/patients/{id}/reminders")
    String consent(@PathVariable UUID id, @RequestParam(defaultValue = "") String channel, @RequestParam(defaultValue = "false") boolean optedIn,
                   @RequestParam(required = false) String language, Model model, HttpServletResponse response) {
        Channel c;
        try {
            c = Channel.valueOf(channel);
        } catch (IllegalArgumentException e) {
            return chart.refused(id, HoliException.invalid("channel", "must be SMS or EMAIL"), model, response);
        }
        try {
            reminders.setConsent(id, c, optedIn, language == null || language.isBlank() ? null : language);
        } catch (HoliException e) {
            return chart.refused(id, e, model, response);
        }
        return "redirect:/patients/" + id + "?reminders";
    }
}
