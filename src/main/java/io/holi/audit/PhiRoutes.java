package io.holi.audit;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.List;
import java.util.Optional;

/**
 * Which routes serve protected health information, and whether the current request left an audit record. The
 * audit coverage check (holi ops monthly) and the coverage filter in holi serve rest on these.
 */
public final class PhiRoutes {

    /** Every route under these prefixes reads or changes PHI. */
    public static final List<String> PREFIXES = List.of("/api/patients", "/api/appointments", "/api/notes", "/api/prescriptions",
            "/api/break-glass", "/fhir/Patient", "/fhir/Appointment", "/fhir/MedicationRequest", "/fhir/DocumentReference",
            "/fhir/Group", "/fhir/bulk-files");

    static final String AUDITED = PhiRoutes.class.getName() + ".audited";
    private static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private PhiRoutes() {
    }

    public static boolean isPhi(String route) {
        return route != null && PREFIXES.stream().anyMatch(p -> route.equals(p) || route.startsWith(p + "/"));
    }

    /** The route template of the current request ({@code /api/patients/{id}}), once it has been matched. */
    public static Optional<String> currentRoute() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null && attrs.getAttribute(BEST_MATCHING_PATTERN, RequestAttributes.SCOPE_REQUEST) instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    static void markAudited() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null) {
            attrs.setAttribute(AUDITED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
    }

    public static boolean audited(jakarta.servlet.http.HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(AUDITED));
    }
}
