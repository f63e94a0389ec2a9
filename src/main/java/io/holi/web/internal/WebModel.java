package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.identity.IdentityProperties;
import io.holi.platform.Caller;
import io.holi.platform.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's frame needs: who is signed in, the navigation of their role, the idle logoff, the CSRF token. */
@ConditionalOnWebApplication
@ControllerAdvice(basePackages = "io.holi.web")
class WebModel {

    record NavItem(String label, String href, boolean current) {
    }

    record Frame(boolean signedIn, Caller caller, String roleLabel, List<NavItem> nav, long idleSeconds, long warnSeconds,
                 String csrfToken, String hxHeaders) {
    }

    private final IdentityProperties properties;

    WebModel(IdentityProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("web")
    Frame frame(HttpServletRequest request) {
        Optional<Caller> caller = Caller.current();
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String token = csrf == null ? "" : csrf.getToken();
        String headers = csrf == null ? null : "{\"" + csrf.getHeaderName() + "\": \"" + token + "\"}";
        String path = request.getRequestURI();
        return new Frame(caller.isPresent(), caller.orElse(null), caller.map(c -> roleLabel(c.role())).orElse(""),
                caller.map(c -> nav(c.role(), path)).orElse(List.of()),
                caller.isPresent() ? properties.sessionIdleTimeout().toSeconds() : 0, properties.sessionWarning().toSeconds(),
                token, headers);
    }

    static String roleLabel(Role role) {
        return switch (role) {
            case CLINICIAN -> "clinician";
            case STAFF -> "front desk";
            case AUDITOR -> "auditor";
            case ADMIN -> "administrator";
        };
    }

    static List<NavItem> nav(Role role, String path) {
        List<String[]> items = switch (role) {
            case CLINICIAN -> List.of(new String[]{"Today", "/schedule"}, new String[]{"Patients", "/patients"});
            case STAFF -> List.of(new String[]{"Schedule", "/schedule"}, new String[]{"Patients", "/patients"},
                    new String[]{"Register a patient", "/patients/new"});
            case AUDITOR -> List.of(new String[]{"Audit log", "/audit"}, new String[]{"Who accessed a patient", "/audit/patient"},
                    new String[]{"Anomalies", "/audit/anomalies"}, new String[]{"Break-glass reviews", "/audit/break-glass"},
                    new String[]{"Audit chain", "/audit/chain"}, new String[]{"Incidents", "/incidents"});
            case ADMIN -> List.of(new String[]{"Users", "/admin/users"}, new String[]{"Grants", "/admin/grants"},
                    new String[]{"Maintenance", "/admin/maintenance"}, new String[]{"Incidents", "/incidents"});
        };
        List<NavItem> out = new ArrayList<>();
        String best = items.stream().map(i -> i[1]).filter(h -> path.equals(h) || path.startsWith(h + "/"))
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
        for (String[] i : items) {
            out.add(new NavItem(i[0], i[1], i[1].equals(best)));
        }
        return out;
    }
}
