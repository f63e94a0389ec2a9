package io.holi.web.internal;

import io.holi.incidents.BreachAssessments;
import io.holi.incidents.BreachDeadlines;
import io.holi.incidents.Incident;
import io.holi.incidents.IncidentStatus;
import io.holi.incidents.Incidents;
import io.holi.platform.HoliException;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The forms of an incident's page. Each changes the record through the incidents module (which writes the audit
 * record) and returns to the page; a refusal shows the error page with the module's reason.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
class IncidentForms {

    private final Incidents incidents;
    private final BreachAssessments breaches;

    IncidentForms(Incidents incidents, BreachAssessments breaches) {
        this.incidents = incidents;
        this.breaches = breaches;
    }

    private static String back(int number, String what) {
        return "redirect:/incidents/" + number + "?" + what;
    }

    @PostMapping("/incidents/{number}/status")
    String status(@PathVariable int number, @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String note) {
        incidents.move(String.valueOf(number), IncidentPages.parse(IncidentStatus.class, status, "status"), note);
        return back(number, "status");
    }

    @PostMapping("/incidents/{number}/notes")
    String note(@PathVariable int number, @RequestParam(defaultValue = "") String text) {
        incidents.note(String.valueOf(number), text);
        return back(number, "noted");
    }

    @PostMapping("/incidents/{number}/public-updates")
    String publicUpdate(@PathVariable int number, @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String body) {
        incidents.publicUpdate(String.valueOf(number), status, body);
        return back(number, "published");
    }

    @PostMapping("/incidents/{number}/links")
    String link(@PathVariable int number, @RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String ref,
                @RequestParam(defaultValue = "") String note) {
        incidents.link(String.valueOf(number), IncidentPages.parse(Incidents.LinkKind.class, kind, "kind"), ref, note);
        return back(number, "linked");
    }

    @PostMapping("/incidents/{number}/actions")
    String action(@PathVariable int number, @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String owner,
                  @RequestParam(defaultValue = "") String due) {
        incidents.addAction(String.valueOf(number), description, owner, date(due));
        return back(number, "action");
    }

    @PostMapping("/incidents/{number}/actions/{action}/done")
    String done(@PathVariable int number, @PathVariable UUID action) {
        incidents.completeAction(String.valueOf(number), action);
        return back(number, "done");
    }

    @PostMapping("/incidents/{number}/postmortem")
    String postmortem(@PathVariable int number, @RequestParam(defaultValue = "") String rootCause, @RequestParam(defaultValue = "") String detection,
                      @RequestParam(defaultValue = "") String wentWell, @RequestParam(defaultValue = "") String wentBadly) {
        incidents.postmortem(String.valueOf(number), new Incident.Postmortem(rootCause.strip(), detection.strip(), wentWell.strip(), wentBadly.strip()));
        return back(number, "postmortem");
    }

    @PostMapping("/incidents/{number}/breach")
    String assess(@PathVariable int number, @RequestParam(defaultValue = "") String phiNature, @RequestParam(defaultValue = "") String recipient,
                  @RequestParam(defaultValue = "") String acquiredOrViewed, @RequestParam(defaultValue = "") String mitigation,
                  @RequestParam(defaultValue = "") String exception, @RequestParam(defaultValue = "") String affected,
                  @RequestParam(defaultValue = "") String residents) {
        BreachAssessments.Exception ex = exception.isBlank() ? null : IncidentPages.parse(BreachAssessments.Exception.class, exception, "exception");
        breaches.assess(String.valueOf(number), new BreachAssessments.Factors(phiNature.strip(), recipient.strip(), acquiredOrViewed.strip(),
                mitigation.strip(), ex, affected.isBlank() ? null : count(affected, "affected"), residents.isBlank() ? null : states(residents)));
        return back(number, "assessed");
    }

    @PostMapping("/incidents/{number}/breach/decision")
    String decide(@PathVariable int number, @RequestParam(defaultValue = "") String decision, @RequestParam(defaultValue = "") String justification) {
        breaches.decide(String.valueOf(number), IncidentPages.parse(BreachAssessments.Decision.class, decision, "decision"), justification);
        return back(number, "decided");
    }

    @PostMapping("/incidents/{number}/breach/notices")
    String notice(@PathVariable int number, @RequestParam(defaultValue = "") String recipient, @RequestParam(defaultValue = "") String method,
                  @RequestParam(defaultValue = "") String note) {
        breaches.notified(String.valueOf(number), IncidentPages.parse(BreachDeadlines.Recipient.class, recipient, "recipient"), Instant.now(),
                method, note);
        return back(number, "notice");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw HoliException.invalid("due", "must be a date (YYYY-MM-DD)");
        }
    }

    private static int count(String text, String field) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw HoliException.invalid(field, "must be a whole number");
        }
    }

    /** "NY=520, NJ=12" */
    private static Map<String, Integer> states(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            if (kv.length != 2 || kv[0].isBlank()) {
                throw HoliException.invalid("residents", "must be written as STATE=number, separated by commas (NY=520, NJ=12)");
            }
            out.put(kv[0].strip().toUpperCase(Locale.ROOT), count(kv[1], "residents"));
        }
        return out;
    }
}
