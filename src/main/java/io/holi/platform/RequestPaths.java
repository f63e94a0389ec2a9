package io.holi.platform;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Set;

/**
 * The path of a request as the application resolves it: decoded and normalised by the servlet container, the
 * same path Spring MVC and Spring Security match routes against. Every rule that depends on a path (limits,
 * exemptions, open routes) reads it from here, never from the raw request URI: {@code /api/auth/%6Cogin}
 * reaches the login handler, so it must meet the login rules too.
 */
public final class RequestPaths {

    /** What load balancers poll: never rate-limited, answered during maintenance. Exactly these, nothing under them. */
    public static final Set<String> HEALTH_CHECKS = Set.of("/api/health", "/api/health/live", "/api/health/ready");

    /** Prometheus's scrape target: answered during maintenance, but limited like any other route. */
    public static final String METRICS = "/api/health/metrics";

    /** Alertmanager's webhook: authenticated by its own shared token, never by a user's bearer token. */
    public static final String ALERTMANAGER_WEBHOOK = "/api/incidents/alertmanager";

    /** The SMS and email vendors' webhooks (delivery reports, inbound texts): authenticated by their signatures. */
    public static final String REMINDER_WEBHOOKS = "/api/reminders/webhooks/";

    /** A webhook that authenticates itself (Alertmanager's token, the vendors' signatures), never with a user's token. */
    /** The FHIR interface (its own servlet) and its SMART discovery document: API, not pages. */
    public static boolean isFhir(String path) {
        return path.equals("/fhir") || path.startsWith("/fhir/") || path.equals("/.well-known/smart-configuration");
    }

    /** FHIR routes anyone may call: the CapabilityStatement and the SMART configuration (RFC 8414-style discovery). */
    public static final Set<String> FHIR_OPEN = Set.of("/fhir/metadata", "/fhir/.well-known/smart-configuration",
            "/.well-known/smart-configuration");

    /** Where backend clients exchange a signed assertion for a token (SMART Backend Services). */
    public static final String FHIR_TOKEN = "/api/fhir/token";

    private static final String PATIENTS = "/api/patients/";

    /**
     * Routes whose record read compares the caller's state in its own statement, so that authentication need not
     * read it first: {@code GET /api/patients/{id}}, the busiest read. Matched on the raw request URI: one with
     * anything encoded or appended does not match and is authenticated the usual way.
     */
    public static boolean confirmsCallerInStatement(String method, String rawPath) {
        return "GET".equals(method) && rawPath != null && rawPath.length() == PATIENTS.length() + 36
                && rawPath.startsWith(PATIENTS) && isUuidText(rawPath, PATIENTS.length());
    }

    /**
     * {@code /api/patients/} and a UUID in hex with its four hyphens, what
     * {@code /api/patients/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}} matches, without a
     * regular expression: it ran on every request, 2 % of the service's CPU at 3,000 reads a second.
     */
    private static boolean isUuidText(String s, int from) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isWebhook(String path) {
        return path.equals(ALERTMANAGER_WEBHOOK) || path.startsWith(REMINDER_WEBHOOKS);
    }

    private RequestPaths() {
    }

    /** The decoded, normalised path within the application ({@code /api/auth/login} for {@code /api/auth/%6Cogin}). */
    public static String resolved(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return path == null || path.isEmpty() ? "/" : path;
    }

    public static boolean isHealthCheck(HttpServletRequest request) {
        return HEALTH_CHECKS.contains(resolved(request));
    }

    /** Health checks and the metrics: what must keep answering while the service is in maintenance. */
    public static boolean isMonitoring(HttpServletRequest request) {
        String path = resolved(request);
        return HEALTH_CHECKS.contains(path) || METRICS.equals(path);
    }

    /** A page of the web application (everything outside the API and its documentation). */
    public static boolean isPage(HttpServletRequest request) {
        String path = resolved(request);
        return !(path.equals("/api") || path.startsWith("/api/") || isFhir(path) || path.startsWith("/swagger-ui") || path.startsWith("/v3/api-docs")
                || path.equals("/error"));
    }

    /**
     * What stays reachable in maintenance mode besides monitoring: signing in and out, the administrators' maintenance
     * page (to end it), the pages' static assets, and the public status page (which says why).
     */
    public static boolean isMaintenanceControl(HttpServletRequest request) {
        String path = resolved(request);
        return path.equals("/status") || path.startsWith("/status/") || path.equals("/login") || path.startsWith("/login/") || path.equals("/logout") || path.equals("/admin/maintenance")
                || path.startsWith("/assets/") || path.equals("/denied");
    }
}
