package io.holi.web.internal;

import io.holi.incidents.BreachAssessments;
import io.holi.incidents.BreachDeadlines;
import io.holi.incidents.Incident;
import io.holi.incidents.IncidentStatus;
import io.holi.incidents.IncidentType;
import io.holi.incidents.Incidents;
import io.holi.incidents.Postmortems;
import io.holi.incidents.Severity;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Incidents for administrators and auditors (the people who run the response and the privacy review): the list, a
 * form to declare one, and each incident's page with its timeline (read from the audit trail) and its forms.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
class IncidentPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Incidents incidents;
    private final BreachAssessments breaches;
    private final Postmortems postmortems;
    private final ZoneId zone;

    IncidentPages(Incidents incidents, BreachAssessments breaches, Postmortems postmortems, HoliProperties holi) {
        this.incidents = incidents;
        this.breaches = breaches;
        this.postmortems = postmortems;
        this.zone = holi.clinic().timeZone();
    }

    @GetMapping("/incidents")
    String list(Model model) {
        model.addAttribute("incidents", incidents.list(false));
        model.addAttribute("commander", Caller.current().map(Caller::email).orElse(""));
        common(model);
        return "web/incidents";
    }

    @PostMapping("/incidents")
    String declare(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String type,
                   @RequestParam(defaultValue = "") String severity, @RequestParam(defaultValue = "") String commander,
                   @RequestParam(defaultValue = "") String summary, @RequestParam(required = false) List<String> components,
                   @RequestParam(defaultValue = "partial_outage") String impact, Model model) {
        try {
            Set<StatusComponent> affected = StatusComponent.parseAll(components == null ? List.of() : components);
            Incident i = incidents.declare(new Incidents.Declaration(title, parse(IncidentType.class, type, "type"),
                    parse(Severity.class, severity, "severity"), commander, summary, affected,
                    ComponentState.byApiName(impact).orElse(ComponentState.PARTIAL_OUTAGE), null, null, null));
            return "redirect:/incidents/" + i.number() + "?declared";
        } catch (HoliException e) {
            model.addAttribute("errors", Forms.of(e));
            model.addAttribute("incidents", incidents.list(false));
            model.addAttribute("commander", commander);
            model.addAttribute("form", Map.of("title", title, "summary", summary));
            common(model);
            return "web/incidents";
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw HoliException.invalid(field, "must be chosen from the list");
        }
    }

    @GetMapping("/incidents/{number}")
    String show(@PathVariable int number, Model model) {
        Incident i = incidents.find(String.valueOf(number));
        model.addAttribute("incident", i);
        model.addAttribute("timeline", incidents.timeline(i.id()));
        model.addAttribute("updates", incidents.publicUpdates(i.id()));
        model.addAttribute("links", incidents.links(i.id()));
        model.addAttribute("actions", incidents.actions(i.id()));
        model.addAttribute("breach", i.type() == IncidentType.SECURITY_PRIVACY ? breaches.report(i.reference()) : null);
        model.addAttribute("publicStatuses", Incidents.PUBLIC_STATUSES);
        model.addAttribute("next", Arrays.stream(IncidentStatus.values())
                .filter(s -> s.ordinal() > i.status().ordinal()).toList());
        model.addAttribute("exceptions", BreachAssessments.Exception.values());
        model.addAttribute("recipients", BreachDeadlines.Recipient.values());
        common(model);
        return "web/incident";
    }

    @GetMapping("/incidents/{number}/postmortem.md")
    ResponseEntity<byte[]> postmortem(@PathVariable int number) {
        Incident i = incidents.find(String.valueOf(number));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(i.reference() + "-postmortem.md").build().toString())
                .body(postmortems.markdown(i.reference()).getBytes(StandardCharsets.UTF_8));
    }

    private void common(Model model) {
        model.addAttribute("types", IncidentType.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("components", StatusComponent.values());
        model.addAttribute("impacts", ComponentState.values());
        model.addAttribute("fmt", (Function<Instant, String>) t -> t == null ? "—" : WHEN.format(t.atZone(zone)));
    }
}
