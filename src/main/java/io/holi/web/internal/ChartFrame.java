package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.access.AccessGrants;
import io.holi.access.Grant;
import io.holi.patients.Patient;
import io.holi.patients.PatientService;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The chart's frame on every tab: the banner (name, age, MRN) read through the PHI gate, the tabs the caller's role
 * may open, and the break-glass banner with its time left. Without access, the page that says so (and offers to
 * break the glass to those who may).
 */
@ConditionalOnWebApplication
@Component
class ChartFrame {

    record Tab(String label, String href, boolean current) {
    }

    record Glass(long minutesLeft, String reason) {
    }

    private final PatientService patients;
    private final AccessGrants grants;

    ChartFrame(PatientService patients, AccessGrants grants) {
        this.patients = patients;
        this.grants = grants;
    }

    /** Fills the model for a chart tab; returns the page to show instead when the caller may not open this chart. */
    Optional<String> open(UUID id, String tab, Model model, HttpServletResponse response) {
        Patient p;
        try {
            p = patients.get(id);
        } catch (HoliException e) {
            return Optional.of(refused(id, e, model, response));
        }
        Caller caller = Caller.require();
        model.addAttribute("patient", p);
        model.addAttribute("age", Period.between(p.dateOfBirth(), LocalDate.now()).getYears());
        model.addAttribute("tabs", tabs(id, tab, caller.role()));
        model.addAttribute("glass", grants.mine(id).filter(g -> "BREAK_GLASS".equals(g.kind())).map(ChartFrame::glass).orElse(null));
        return Optional.empty();
    }

    String refused(UUID id, HoliException e, Model model, HttpServletResponse response) {
        if (e.kind() == HoliException.Kind.NOT_FOUND) {
            response.setStatus(404);
            model.addAttribute("message", "There is no patient with this id (it may have been removed).");
            return "web/not-found";
        }
        if (e.kind() != HoliException.Kind.FORBIDDEN) {
            throw e;
        }
        response.setStatus(403);
        Role role = Caller.require().role();
        model.addAttribute("patientId", id);
        model.addAttribute("reason", e.getMessage());
        model.addAttribute("mayBreakGlass", role == Role.CLINICIAN || role == Role.ADMIN);
        return "web/no-access";
    }

    static java.util.List<Tab> tabs(UUID id, String current, Role role) {
        String base = "/patients/" + id;
        var all = new java.util.ArrayList<Tab>();
        all.add(new Tab("Demographics", base, current.equals("demographics")));
        all.add(new Tab("Appointments", base + "/appointments", current.equals("appointments")));
        if (role != Role.STAFF) {
            all.add(new Tab("Prescriptions", base + "/prescriptions", current.equals("prescriptions")));
            all.add(new Tab("Notes", base + "/notes", current.equals("notes")));
        }
        return all;
    }

    private static Glass glass(Grant g) {
        long minutes = g.expiresAt() == null ? 0 : Math.max(0, Duration.between(Instant.now(), g.expiresAt()).toMinutes());
        return new Glass(minutes, g.reason());
    }
}
