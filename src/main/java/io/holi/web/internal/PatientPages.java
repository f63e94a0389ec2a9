package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.access.AccessGrants;
import io.holi.chart.ChartExport;
import io.holi.patients.Patient;
import io.holi.patients.PatientInput;
import io.holi.patients.PatientService;
import io.holi.patients.SearchResult;
import io.holi.platform.HoliException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** Finding, registering and editing patients, the chart's demographics tab, break-glass, and the chart export. */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'STAFF', 'ADMIN')")
class PatientPages {

    private final PatientService patients;
    private final AccessGrants grants;
    private final ChartExport export;
    private final ChartFrame chart;
    private final Forms forms;

    private final io.holi.reminders.Reminders reminders;

    PatientPages(PatientService patients, AccessGrants grants, ChartExport export, ChartFrame chart, Forms forms,
                 io.holi.reminders.Reminders reminders) {
        this.reminders = reminders;
        this.patients = patients;
        this.grants = grants;
        this.export = export;
        this.chart = chart;
        this.forms = forms;
    }

    @GetMapping("/patients")
    String finder(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String dob, Model model) {
        search(q, dob, model);
        return "web/patients";
    }

    /** Results as you type (htmx asks for the fragment; without JavaScript the form asks for the whole page). */
    @GetMapping("/patients/search")
    String results(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String dob,
                   @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        search(q, dob, model);
        return htmx != null ? "web/patients :: results" : "web/patients";
    }

    private void search(String q, String dob, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("dob", dob);
        if (q.isBlank() && dob.isBlank()) {
            return;
        }
        Optional<LocalDate> date = Optional.empty();
        if (!dob.isBlank()) {
            try {
                date = Optional.of(LocalDate.parse(dob.strip()));
            } catch (DateTimeParseException e) {
                model.addAttribute("errors", List.of(Forms.item("dob", "must be a date (YYYY-MM-DD)")));
                return;
            }
        }
        try {
            SearchResult r = patients.search(q.isBlank() ? Optional.empty() : Optional.of(q.strip()), date, 0, 25);
            model.addAttribute("results", r);
        } catch (HoliException e) {
            model.addAttribute("errors", Forms.of(e));
        }
    }

    @GetMapping("/patients/new")
    String newForm(Model model) {
        model.addAttribute("form", PatientForm.empty());
        model.addAttribute("action", "/patients");
        return "web/patient-form";
    }

    @PostMapping("/patients")
    String register(@ModelAttribute PatientForm form, Model model, HttpServletResponse response) {
        List<PageErrors.Item> errors = validate(form);
        if (errors.isEmpty()) {
            try {
                Patient p = patients.create(form.input());
                return "redirect:/patients/" + p.id() + "?registered";
            } catch (HoliException e) {
                errors = Forms.of(e);
            }
        }
        response.setStatus(400);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("action", "/patients");
        return "web/patient-form";
    }

    /** Inline validation as a field is left: the field's error, or nothing. */
    @PostMapping("/patients/check/{field}")
    String checkField(@PathVariable String field, @ModelAttribute PatientForm form, Model model) {
        List<PageErrors.Item> all = validate(form);
        model.addAttribute("field", field);
        model.addAttribute("error", all.stream().filter(e -> field.equals(e.field())).findFirst().map(PageErrors.Item::message).orElse(null));
        return "web/fragments :: field-error";
    }

    private List<PageErrors.Item> validate(PatientForm form) {
        List<PageErrors.Item> errors = new ArrayList<>(form.parseErrors());
        PatientInput input = form.input();
        forms.check(input).stream().filter(e -> errors.stream().noneMatch(x -> x.field().equals(e.field()))).forEach(errors::add);
        return errors;
    }

    @GetMapping("/patients/{id}")
    String demographics(@PathVariable UUID id, Model model, HttpServletResponse response,
                        @RequestParam(required = false) String registered, @RequestParam(name = "reminders", required = false) String consentSaved) {
        Optional<String> other = chart.open(id, "demographics", model, response);
        if (registered != null) {
            model.addAttribute("notice", "Patient registered.");
        }
        if (consentSaved != null) {
            model.addAttribute("notice", "Reminder consent saved.");
        }
        if (other.isEmpty()) {
            model.addAttribute("reminders", reminders.forPatient(id));
            model.addAttribute("channels", io.holi.reminders.Channel.values());
        }
        return other.orElse("web/chart-demographics");
    }

    @GetMapping("/patients/{id}/edit")
    String editForm(@PathVariable UUID id, Model model, HttpServletResponse response) {
        Optional<String> other = chart.open(id, "demographics", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        model.addAttribute("form", PatientForm.of((Patient) model.getAttribute("patient")));
        model.addAttribute("action", "/patients/" + id);
        return "web/patient-form";
    }

    @PostMapping("/patients/{id}")
    String update(@PathVariable UUID id, @ModelAttribute PatientForm form, Model model, HttpServletResponse response) {
        List<PageErrors.Item> errors = validate(form);
        if (errors.isEmpty()) {
            try {
                patients.update(id, form.input());
                return "redirect:/patients/" + id;
            } catch (HoliException e) {
                if (e.kind() == HoliException.Kind.FORBIDDEN || e.kind() == HoliException.Kind.NOT_FOUND) {
                    return chart.refused(id, e, model, response);
                }
                errors = Forms.of(e);
            }
        }
        response.setStatus(400);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("action", "/patients/" + id);
        return "web/patient-form";
    }

    @PostMapping("/patients/{id}/break-glass")
    @PreAuthorize("hasAnyRole('CLINICIAN', 'ADMIN')")
    String breakGlass(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason, Model model, HttpServletResponse response) {
        try {
            grants.breakGlass(id, reason);
            return "redirect:/patients/" + id;
        } catch (HoliException e) {
            if (e.kind() != HoliException.Kind.INVALID) {
                return chart.refused(id, e, model, response);
            }
            response.setStatus(400);
            model.addAttribute("patientId", id);
            model.addAttribute("mayBreakGlass", true);
            model.addAttribute("reason", "You have no grant for this patient.");
            model.addAttribute("typed", reason);
            model.addAttribute("errors", Forms.of(e));
            return "web/no-access";
        }
    }

    @GetMapping("/patients/{id}/export")
    @PreAuthorize("hasAnyRole('CLINICIAN', 'ADMIN')")
    ResponseEntity<Object> export(@PathVariable UUID id) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"chart-" + id + ".json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(export.export(id));
    }
}
