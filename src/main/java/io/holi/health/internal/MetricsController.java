package io.holi.health.internal;

import io.holi.health.DatabaseProbe;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.health.HealthProperties;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import io.holi.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One URL, as the manual asks: the JSON of its morning checklist for people, the Prometheus text format for
 * Prometheus (chosen by the Accept header). Counts and states only; never PHI.
 */
@RestController
@Tag(name = "Health")
class MetricsController {

    private final BusinessMetrics business;
    private final DatabaseProbe database;
    private final RateLimiter rateLimiter;
    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry meters;
    private final HealthProperties properties;
    private final AuditTrail audit;

    MetricsController(BusinessMetrics business, DatabaseProbe database, RateLimiter rateLimiter,
                      PrometheusMeterRegistry prometheus, MeterRegistry meters, HealthProperties properties, AuditTrail audit,
                      HoliProperties holi, HoliDatabase holiDatabase) {
        if (holi.serving() && holiDatabase.mode() == HoliDatabase.Mode.EXTERNAL
                && (properties.metricsToken() == null || properties.metricsToken().isBlank())) {
            throw new IllegalStateException("HOLI_METRICS_TOKEN is not set. With an external database (DATABASE_URL) "
                    + "the metrics are not served to anyone who asks: generate a token with `openssl rand -hex 32`, "
                    + "set HOLI_METRICS_TOKEN on every instance and give Prometheus the same token (bearer_token_file).");
        }
        this.business = business;
        this.database = database;
        this.rateLimiter = rateLimiter;
        this.prometheus = prometheus;
        this.meters = meters;
        this.properties = properties;
        this.audit = audit;
        io.micrometer.core.instrument.Gauge.builder("holi_database_up", database, d -> d.lastConnected() ? 1 : 0)
                .description("1 when the last database probe connected, 0 when it did not").register(meters);
        io.micrometer.core.instrument.Gauge.builder("holi_database_latency_seconds", database, d -> d.lastLatencyMillis() / 1000.0)
                .description("How long the last database probe (SELECT 1) took").register(meters);
    }

    @GetMapping("/api/health/metrics")
    @Operation(summary = "JSON for people (system, business, security, database, audit); Prometheus text when the "
            + "Accept header asks for text/plain or OpenMetrics. Needs 'Authorization: Bearer <HOLI_METRICS_TOKEN>' when set.")
    ResponseEntity<?> metrics(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        RateLimiter.Decision limited = rateLimiter.check(RateLimiter.Limit.METRICS, clientIp());
        if (!limited.allowed()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfter().toSeconds()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "Too many metrics requests from this address; "
                            + "try again in " + limited.retryAfter().toSeconds() + " s"));
        }
        if (!authorized(authorization)) {
            if (rateLimiter.anonymousRecord(clientIp()) == RateLimiter.AnonymousRecord.REFUSE) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "60")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "Too many unauthenticated requests from this address"));
            }
            audit.record(AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS).denied("wrong or missing metrics token")
                    .detail("path", "/api/health/metrics").build());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemWriter.problem(HttpStatus.UNAUTHORIZED, "The metrics need 'Authorization: Bearer <HOLI_METRICS_TOKEN>'"));
        }
        String a = accept == null ? "" : accept;
        if (a.contains("application/openmetrics-text")) {
            String type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type).body(prometheus.scrape(type));
        }
        if (a.contains("text/plain")) {
            String type = "text/plain; version=0.0.4; charset=utf-8";
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type).body(prometheus.scrape(type));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json());
    }

    private static String clientIp() {
        return String.valueOf(RequestMetadata.current().clientIp());
    }

    private boolean authorized(String authorization) {
        String token = properties.metricsToken();
        if (token == null || token.isBlank()) {
            return true;
        }
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** Keys in the order given, so the JSON reads like the manual's checklist. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private Map<String, Object> json() {
        // with the database down this still answers at once: the last numbers, marked with their age
        DatabaseProbe.Result db = database.probe();
        // at most one computation of the counts per refresh period, however often the JSON is asked for
        BusinessMetrics.Snapshot s = db.connected() ? business.current(properties.metricsJsonMaxAge()) : business.last();
        Map<String, Object> out = new LinkedHashMap<>();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        String version = MetricsController.class.getPackage().getImplementationVersion();
        out.put("system", ordered("uptime", uptime, "version", version == null ? "development" : version,
                "startedAt", Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString()));
        out.put("measuredAt", s.takenAt().toString());
        out.put("business", ordered("patients", ordered("active", s.patientsActive()),
                "appointments", ordered("today", s.appointmentsToday()),
                "prescriptions", ordered("today", s.prescriptionsToday())));
        out.put("security", ordered("failedAuth", ordered("lastHour", s.failedAuthLastHour())));
        out.put("database", ordered("connected", db.connected(), "latency", Math.round(db.latencyMillis() * 10) / 10.0));
        out.put("redis", ordered("status", rateLimiter.redisStatus().label()));
        out.put("audit", ordered("writes", ordered("lastHour", s.auditWritesLastHour())));
        double failOpen = meters.find("holi_ratelimit_fail_open").counters().stream().mapToDouble(c -> c.count()).sum();
        out.put("rateLimit", ordered("enabled", rateLimiter.enabled(), "failOpen", (long) failOpen));
        return out;
    }
}
