package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.platform.HoliException;
import io.holi.prescribing.Prescription;
import io.holi.prescribing.PrescriptionInput;
import io.holi.prescribing.PrescriptionService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Prescriptions on the chart: the list, prescribing, and discontinuing with a reason. */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'ADMIN')")
class PrescriptionPages {

    record PrescriptionForm(String medication, String dosage, String route, String frequency, String quantity, String refills,
                            String instructions) {
        static PrescriptionForm empty() {
            return new PrescriptionForm("", "", "oral", "", "", "0", "");
        }
    }

    private final PrescriptionService prescriptions;
    private final ChartFrame chart;
    private final Forms forms;

    PrescriptionPages(PrescriptionService prescriptions, ChartFrame chart, Forms forms) {
        this.prescriptions = prescriptions;
        this.chart = chart;
        this.forms = forms;
    }

    @GetMapping("/patients/{id}/prescriptions")
    String list(@PathVariable UUID id, Model model, HttpServletResponse response) {
        Optional<String> other = chart.open(id, "prescriptions", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        List<Prescription> list = new ArrayList<>(prescriptions.forPatient(id));
        list.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        model.addAttribute("prescriptions", list);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", PrescriptionForm.empty());
        }
        return "web/chart-prescriptions";
    }

    @PostMapping("/patients/{id}/prescriptions")
    @PreAuthorize("hasRole('CLINICIAN')")
    String prescribe(@PathVariable UUID id, @ModelAttribute("form") PrescriptionForm form, Model model, HttpServletResponse response) {
        List<PageErrors.Item> errors = new ArrayList<>();
        Integer quantity = number(form.quantity(), "quantity", errors);
        Integer refills = form.refills() == null || form.refills().isBlank() ? 0 : number(form.refills(), "refills", errors);
        if (errors.isEmpty()) {
            PrescriptionInput input = new PrescriptionInput(strip(form.medication()), strip(form.dosage()), blankToNull(form.route()),
                    blankToNull(form.frequency()), quantity, refills, blankToNull(form.instructions()));
            errors.addAll(forms.check(input));
            if (errors.isEmpty()) {
                try {
                    prescriptions.prescribe(id, input);
                    return "redirect:/patients/" + id + "/prescriptions?prescribed";
                } catch (HoliException e) {
                    if (e.kind() == HoliException.Kind.FORBIDDEN || e.kind() == HoliException.Kind.NOT_FOUND) {
                        return chart.refused(id, e, model, response);
                    }
                    errors.addAll(Forms.of(e));
                }
            }
        }
        model.addAttribute("errors", errors);
        String view = list(id, model, response);
        response.setStatus(400);
        return view;
    }

    @PostMapping("/prescriptions/{prescriptionId}/discontinue")
    @PreAuthorize("hasRole('CLINICIAN')")
    String discontinue(@PathVariable UUID prescriptionId, @RequestParam UUID patientId, @RequestParam(defaultValue = "") String reason,
                       Model model, HttpServletResponse response) {
        try {
            if (reason.isBlank()) {
                throw HoliException.invalid("reason-" + prescriptionId, "is required: say why it is stopped");
            }
            prescriptions.discontinue(prescriptionId, reason.strip());
            return "redirect:/patients/" + patientId + "/prescriptions?discontinued";
        } catch (HoliException e) {
            if (e.kind() == HoliException.Kind.FORBIDDEN || e.kind() == HoliException.Kind.NOT_FOUND) {
                return chart.refused(patientId, e, model, response);
            }
            model.addAttribute("errors", List.of(new PageErrors.Item("reason-" + prescriptionId, "Reason for stopping: " + e.getMessage()
                    .replaceFirst("^reason-[0-9a-f-]+: ", ""))));
            String view = list(patientId, model, response);
            response.setStatus(400);
            return view;
        }
    }

    private static Integer number(String text, String field, List<PageErrors.Item> errors) {
        try {
            return Integer.valueOf(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            errors.add(Forms.item(field, "must be a whole number"));
            return null;
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
