package io.holi.health;

import io.holi.testing.TempDirs;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditTrail;
import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import io.holi.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One URL: the manual's JSON for people, the Prometheus text format for Prometheus. */
class MetricsEndpointTest extends ClinicalApiTest {

    @Test
    void peopleGetTheManualsJson() {
        patient();
        api.post("/api/auth/login", null, Map.of("email", "nobody@x.test", "password", "wrong-password"));
        Api.Response r = api.get("/api/health/metrics", TestKeys.METRICS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        var j = r.json();
        assertThat(j.get("system").get("uptime").asLong()).isPositive();
        assertThat(j.get("business").get("patients").get("active").asLong()).isPositive();
        assertThat(j.get("business").get("appointments").get("today").isNumber()).isTrue();
        assertThat(j.get("business").get("prescriptions").get("today").isNumber()).isTrue();
        assertThat(j.get("security").get("failedAuth").get("lastHour").asLong()).isPositive();
        assertThat(j.get("database").get("connected").asBoolean()).isTrue();
        assertThat(j.get("database").get("latency").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(j.get("audit").get("writes").get("lastHour").asLong()).isPositive();
        assertThat(j.get("redis").get("status").asString()).isEqualTo("not_configured");
    }

    @Autowired
    AuditTrail audit;

    /** The counts behind the metrics read an index, not every record of the hour: they still agree with counting. */
    @Test
    void countsSinceAnInstantAgreeWithCountingTheRecords() {
        Instant since = Instant.now();
        patient();
        api.post("/api/auth/login", null, Map.of("email", "nobody@x.test", "password", "wrong-password"));
        api.post("/api/auth/login", null, Map.of("email", "nobody@x.test", "password", "wrong-password"));
        api.get("/api/audit-logs", null);
        var at = Timestamp.from(since);
        long all = sql.queryForObject("SELECT count(*) FROM audit_logs WHERE timestamp >= ?", Long.class, at);
        long failed = sql.queryForObject("SELECT count(*) FROM audit_logs WHERE timestamp >= ? AND action = 'LOGIN_FAILED'", Long.class, at);
        long unauthorized = sql.queryForObject("SELECT count(*) FROM audit_logs WHERE timestamp >= ? AND action = 'UNAUTHORIZED_ACCESS'", Long.class, at);
        assertThat(failed).isEqualTo(2);
        assertThat(unauthorized).isEqualTo(1);
        assertThat(all).isGreaterThan(failed + unauthorized);
        assertThat(audit.countSince(Optional.empty(), since)).isEqualTo(all);
        assertThat(audit.countSince(Optional.of(AuditAction.LOGIN_FAILED), since)).isEqualTo(failed);
        assertThat(audit.countSince(Optional.of(AuditAction.UNAUTHORIZED_ACCESS), since)).isEqualTo(unauthorized);
        assertThat(audit.countSince(Optional.empty(), Instant.now().plusSeconds(60))).isZero();
    }

    /**
     * Micrometer's count of log events is not bound: its Logback turbo filter ran on every logger check of every
     * request (each isDebugEnabled in Spring's code), 3 % of the audited read's CPU, for a metric nothing read.
     */
    @Test
    void noTurboFilterRunsOnEveryLoggerCheck() {
        var logging = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        assertThat(logging.getTurboFilterList()).isEmpty();
        String text = prometheusText().body();
        assertThat(text).contains("# HELP audit_logs_total ").doesNotContain("logback_events");
    }

    @Test
    void everyMetricHasItsHelpTextAsPromtoolChecksIt() throws Exception {
        api.post("/api/auth/login", null, Map.of("email", "nobody@x.test", "password", "wrong-password"));
        patient();
        String text = prometheusText().body();
        assertThat(text).contains("# HELP audit_logs_total ").contains("# HELP holi_database_up ")
                .contains("# HELP holi_database_latency_seconds ").contains("# HELP holi_redis_up ")
                .contains("# HELP holi_ratelimit_decisions_total ").contains("# HELP holi_ratelimit_fail_open_total ");
        java.nio.file.Path file = TempDirs.file("holi-metrics", ".txt");
        java.nio.file.Files.writeString(file, text);
        String promtool = io.holi.testing.BackgroundProcess.program("promtool", "prometheus");
        var r = io.holi.platform.OsProcess.run(java.util.List.of("sh", "-c", promtool + " check metrics < " + file),
                java.time.Duration.ofMinutes(5));
        assertThat(r.output()).doesNotContain("no help text");
    }

    @Test
    void prometheusGetsTextWithRouteTemplatesAndNoPhi() {
        String marker = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        UUID p = patient(clinicianToken, Map.of("firstName", marker, "lastName", "Metrics", "dateOfBirth", "1970-01-01"));
        api.get("/api/patients/" + p, clinicianToken);
        api.get("/api/patients?query=" + marker, clinicianToken);
        Api.Response r = api.send("GET", "/api/health/metrics", TestKeys.METRICS, null,
                Map.of("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/openmetrics-text");
        assertThat(r.body())
                .contains("http_requests_total{method=\"GET\",route=\"/api/patients/{id}\",status=\"200\"}")
                .containsPattern("http_request_duration_seconds_bucket\\{[^}]*le=")
                .contains("audit_logs_total{action=\"READ\",outcome=\"SUCCESS\"}")
                .contains("holi_patients_active ").contains("holi_failed_auth_last_hour ")
                .contains("hikaricp_connections_active").contains("jvm_memory_used_bytes")
                .doesNotContain(marker).doesNotContain(p.toString());
        Api.Response text = prometheusText();
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).contains("# TYPE http_requests_total counter");
    }

    private Api.Response prometheusText() {
        return api.send("GET", "/api/health/metrics", TestKeys.METRICS, null, Map.of("Accept", "text/plain"));
    }
}
