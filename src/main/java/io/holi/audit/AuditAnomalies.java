package io.holi.audit;

import io.holi.platform.HoliProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anomaly detection over the audit trail (manual §5.3.1, plus after-hours access, exports and break-glass). Each
 * check is one indexed query over the window; the counts of the last run are exported as
 * {@code holi_audit_anomalies{check=…}}.
 */
@Service
public class AuditAnomalies {

    static final int HIGH_VOLUME_PER_DAY = 100;
    static final int FAILED_LOGINS_PER_IP_HOUR = 5;
    private static final String PHI_SUCCESS = " a.patient_id IS NOT NULL AND a.outcome = 'SUCCESS' AND a.user_id IS NOT NULL ";

    private final JdbcClient jdbc;
    private final ZoneId zone;
    private final ObjectProvider<OperationRecords> operations;
    private final ObjectProvider<GrantHistory> grants;
    private final Map<Anomalies.Check, Long> lastCounts = new ConcurrentHashMap<>();

    AuditAnomalies(JdbcClient jdbc, HoliProperties holi, MeterRegistry meters, ObjectProvider<OperationRecords> operations,
                   ObjectProvider<GrantHistory> grants) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.operations = operations;
        this.zone = holi.clinic().timeZone();
        for (Anomalies.Check c : Anomalies.Check.values()) {
            Gauge.builder("holi_audit_anomalies", lastCounts, m -> m.getOrDefault(c, 0L).doubleValue())
                    .tag("check", c.name()).description("Findings of the last anomaly detection run, per check").register(meters);
        }
    }

    /**
     * {@link #detect}, recorded as an operational run ({@code audit.anomalies}: success when clean, a warning with
     * findings), whether a person or the hourly schedule asked.
     */
    public Anomalies.Report detectAndRecord(Instant since, Instant until, String window) {
        Instant started = Instant.now();
        Anomalies.Report r = detect(since, until);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("since", r.since().toString());
        details.put("counts", r.counts());
        details.put("findings", r.findings().size());
        operations.getObject().record("audit.anomalies", window, started, r.clean() ? RunOutcome.SUCCESS : RunOutcome.WARNING, details);
        return r;
    }

    public Anomalies.Report detect(Instant since, Instant until) {
        long t0 = System.nanoTime();
        List<Anomalies.Finding> findings = new ArrayList<>();
        String tz = zone.getId();
        findings.addAll(jdbc.sql("""
                SELECT a.user_email AS who, to_char(a."timestamp" AT TIME ZONE :tz, 'YYYY-MM-DD') AS subject, count(*) AS n,
                       min(a."timestamp") AS first, max(a."timestamp") AS last,
                       count(DISTINCT a.patient_id) || ' distinct patients' AS detail
                  FROM audit_logs a
                 WHERE a."timestamp" >= :since AND a."timestamp" < :until AND a.action IN ('READ', 'EXPORT') AND """ + PHI_SUCCESS + """
                 GROUP BY 1, 2 HAVING count(*) > :limit ORDER BY n DESC""")
                .param("tz", tz).param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .param("limit", HIGH_VOLUME_PER_DAY).query((rs, i) -> finding(Anomalies.Check.HIGH_VOLUME, rs)).list());
        findings.addAll(jdbc.sql("""
                SELECT a.user_email AS who, a.patient_id::text AS subject, count(*) AS n, min(a."timestamp") AS first,
                       max(a."timestamp") AS last,
                       CASE WHEN bool_or(a.outcome = 'DENIED') THEN 'denied: ' || max(a.details->>'reason')
                            ELSE 'ALLOWED without a grant in force: ' || string_agg(DISTINCT a.action, ', ') END AS detail
                  FROM audit_logs a
                 WHERE a."timestamp" >= :since AND a."timestamp" < :until AND a.patient_id IS NOT NULL AND a.user_id IS NOT NULL
                   AND (a.action = 'PERMISSION_DENIED'
                        OR (a.outcome = 'SUCCESS' AND a.action IN ('READ', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH')
                            AND NOT""" + " " + grants.getObject().grantInForce("a.user_id", "a.patient_id", "a.\"timestamp\"") + """
                 ))
                 GROUP BY 1, 2 ORDER BY first""")
                .param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .query((rs, i) -> finding(Anomalies.Check.NO_GRANT, rs)).list());
        findings.addAll(jdbc.sql("""
                SELECT coalesce(host(a.ip_address), 'unknown') AS who,
                       to_char(date_trunc('hour', a."timestamp" AT TIME ZONE :tz), 'YYYY-MM-DD HH24:00') AS subject,
                       count(*) AS n, min(a."timestamp") AS first, max(a."timestamp") AS last,
                       count(DISTINCT a.user_email) || ' account(s) tried' AS detail
                  FROM audit_logs a
                 WHERE a."timestamp" >= :since AND a."timestamp" < :until AND a.action = 'LOGIN_FAILED'
                 GROUP BY 1, 2 HAVING count(*) > :limit ORDER BY n DESC""")
                .param("tz", tz).param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .param("limit", FAILED_LOGINS_PER_IP_HOUR).query((rs, i) -> finding(Anomalies.Check.FAILED_LOGINS, rs)).list());
        findings.addAll(jdbc.sql("""
                SELECT a.user_email AS who, to_char(a."timestamp" AT TIME ZONE :tz, 'YYYY-MM-DD') AS subject, count(*) AS n,
                       min(a."timestamp") AS first, max(a."timestamp") AS last,
                       count(DISTINCT a.patient_id) || ' distinct patients, ' || string_agg(DISTINCT a.action, ', ') AS detail
                  FROM audit_logs a
                 WHERE a."timestamp" >= :since AND a."timestamp" < :until AND """ + PHI_SUCCESS + """
                   AND (extract(hour FROM a."timestamp" AT TIME ZONE :tz) >= 22 OR extract(hour FROM a."timestamp" AT TIME ZONE :tz) < 6)
                 GROUP BY 1, 2 ORDER BY first""")
                .param("tz", tz).param("since", Timestamp.from(since)).param("until", Timestamp.from(until))
                .query((rs, i) -> finding(Anomalies.Check.AFTER_HOURS, rs)).list());
        findings.addAll(simple(Anomalies.Check.EXPORT, "EXPORT", since, until));
        findings.addAll(simple(Anomalies.Check.BREAK_GLASS, "BREAK_GLASS", since, until));
        Map<Anomalies.Check, Long> counts = new EnumMap<>(Anomalies.Check.class);
        for (Anomalies.Check c : Anomalies.Check.values()) {
            counts.put(c, findings.stream().filter(f -> f.check() == c).count());
        }
        lastCounts.putAll(counts);
        return new Anomalies.Report(since, until, findings, counts, Duration.ofNanos(System.nanoTime() - t0));
    }

    private List<Anomalies.Finding> simple(Anomalies.Check check, String action, Instant since, Instant until) {
        return jdbc.sql("""
                SELECT a.user_email AS who, coalesce(a.patient_id::text, '-') AS subject, count(*) AS n,
                       min(a."timestamp") AS first, max(a."timestamp") AS last,
                       coalesce(max(a.details->>'reason'), '') AS detail
                  FROM audit_logs a
                 WHERE a."timestamp" >= :since AND a."timestamp" < :until AND a.action = :action AND a.outcome = 'SUCCESS'
                 GROUP BY 1, 2 ORDER BY first""")
                .param("since", Timestamp.from(since)).param("until", Timestamp.from(until)).param("action", action)
                .query((rs, i) -> finding(check, rs)).list();
    }

    private static Anomalies.Finding finding(Anomalies.Check check, ResultSet rs) throws SQLException {
        return new Anomalies.Finding(check, rs.getString("who"), rs.getString("subject"), rs.getLong("n"),
                rs.getTimestamp("first").toInstant(), rs.getTimestamp("last").toInstant(), rs.getString("detail"));
    }

    /** Counts for the weekly review (manual §5.3.2's template). */
    public Map<String, Long> summary(Instant since, Instant until) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT count(*) AS total, count(DISTINCT user_id) AS users,
                       count(*) FILTER (WHERE patient_id IS NOT NULL AND outcome = 'SUCCESS') AS phi,
                       count(*) FILTER (WHERE action = 'EXPORT') AS exports,
                       count(*) FILTER (WHERE action = 'LOGIN_FAILED') AS failed_auth,
                       count(*) FILTER (WHERE action = 'PERMISSION_DENIED') AS denied,
                       count(*) FILTER (WHERE action IN ('CREATE_USER', 'DELETE_USER', 'ROLE_CHANGE')) AS admin
                  FROM audit_logs WHERE "timestamp" >= ? AND "timestamp" < ?""")
                .params(Timestamp.from(since), Timestamp.from(until)).query(rs -> {
                    out.put("Total audit logs", rs.getLong("total"));
                    out.put("Unique users", rs.getLong("users"));
                    out.put("PHI access events", rs.getLong("phi"));
                    out.put("Export events", rs.getLong("exports"));
                    out.put("Failed auth", rs.getLong("failed_auth"));
                    out.put("Permission denied", rs.getLong("denied"));
                    out.put("Admin privilege uses (CREATE_USER, DELETE_USER, ROLE_CHANGE)", rs.getLong("admin"));
                });
        return out;
    }

    /** The admin privilege uses of the window, for the review. */
    public List<String> adminActions(Instant since, Instant until) {
        return jdbc.sql("""
                SELECT to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC  ' || action || '  by '
                       || coalesce(user_email, '?') || coalesce('  (' || (details->>'role') || ')', '')
                  FROM audit_logs WHERE "timestamp" >= ? AND "timestamp" < ? AND action IN ('CREATE_USER', 'DELETE_USER', 'ROLE_CHANGE')
                 ORDER BY "timestamp" LIMIT 200""")
                .params(Timestamp.from(since), Timestamp.from(until)).query(String.class).list();
    }

    public ZoneId zone() {
        return zone;
    }
}
