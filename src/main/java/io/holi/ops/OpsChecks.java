package io.holi.ops;

import io.holi.audit.AuditAnomalies;
import io.holi.audit.RunOutcome;
import io.holi.audit.AuditChain;
import io.holi.audit.ChainReports;
import io.holi.audit.OperationRecords;
import io.holi.audit.OperationRun;
import io.holi.audit.PhiRoutes;
import io.holi.backup.BackupService;
import io.holi.backup.BackupSummary;
import io.holi.backup.Reports;
import io.holi.crypto.KeyService;
import io.holi.health.TlsCertificates;
import io.holi.notify.Notification;
import io.holi.notify.Notifier;
import io.holi.ops.internal.Http;
import io.holi.pitr.PitrService;
import io.holi.health.HealthProperties;
import io.holi.platform.HoliDatabase;
import io.holi.ratelimit.RateLimiter;
import io.holi.ratelimit.RedisStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The manual's checklists (section 2) as code: each check measures the live system against the manual's
 * threshold, the report is the manual's template filled in, and every run is recorded as evidence.
 */
@Service
public class OpsChecks {

    private final OpsProperties properties;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OperationRecords operations;
    private final ObjectProvider<BackupService> backups;
    private final ObjectProvider<AuditChain> chain;
    private final ObjectProvider<AuditAnomalies> anomalies;
    private final ObjectProvider<TlsCertificates> tls;
    private final ObjectProvider<KeyService> keys;
    private final ObjectProvider<RateLimiter> rateLimiter;
    private final ObjectProvider<PitrService> pitr;
    private final ObjectProvider<Notifier> notifier;
    private final ObjectProvider<org.springframework.context.ApplicationContext> context;
    private final ObjectProvider<HoliDatabase> database;
    private final ObjectProvider<HealthProperties> health;
    private final ObjectProvider<io.holi.platform.HoliProperties> clinicZone;

    OpsChecks(OpsProperties properties, JdbcClient jdbc, JsonMapper json, OperationRecords operations,
              ObjectProvider<BackupService> backups, ObjectProvider<AuditChain> chain, ObjectProvider<AuditAnomalies> anomalies,
              ObjectProvider<TlsCertificates> tls, ObjectProvider<KeyService> keys, ObjectProvider<RateLimiter> rateLimiter,
              ObjectProvider<PitrService> pitr, ObjectProvider<Notifier> notifier,
              ObjectProvider<org.springframework.context.ApplicationContext> context, ObjectProvider<HoliDatabase> database,
              ObjectProvider<HealthProperties> health, ObjectProvider<io.holi.platform.HoliProperties> clinicZone) {
        this.clinicZone = clinicZone;
        this.health = health;
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
        this.operations = operations;
        this.backups = backups;
        this.chain = chain;
        this.anomalies = anomalies;
        this.tls = tls;
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.pitr = pitr;
        this.notifier = notifier;
        this.context = context;
        this.database = database;
    }

    /** A check that could not run is a failure that says why, never an exception that hides the others. */
    private static Check guarded(String name, Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return Check.failure(name, "could not run: " + m, "", "fix what stops the check, then run it again");
        }
    }

    private List<String> healthUrls() {
        return properties.healthUrls() == null ? List.of() : properties.healthUrls().stream().filter(s -> !s.isBlank())
                .map(Http::strip).toList();
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }

    // ================================================================ daily

    public OpsReport daily() {
        Instant at = Instant.now();
        List<Check> checks = new ArrayList<>();
        checks.addAll(health());
        checks.add(guarded("Uptime", this::uptime));
        checks.add(guarded("Failed sign-ins, last hour", () -> {
            long n = count("SELECT count(*) FROM audit_logs WHERE action = 'LOGIN_FAILED' AND \"timestamp\" >= now() - interval '1 hour'");
            return Check.of("Failed sign-ins, last hour", n < 10, Check.Status.WARNING, String.valueOf(n), "< 10",
                    "look for a brute-force pattern: holi audit anomalies --since 1h (runbook FAILED_AUTH.md)");
        }));
        checks.add(guarded("Database latency", () -> {
            long total = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                jdbc.sql("SELECT 1").query(Integer.class).single();
                total += System.nanoTime() - t0;
            }
            double ms = total / 5 / 1e6;
            return Check.of("Database latency", ms < 50, Check.Status.WARNING, String.format(Locale.ROOT, "%.1f ms", ms), "< 50 ms",
                    "see holi db status and holi db slow-queries (runbook DATABASE_FAILURE.md)");
        }));
        checks.add(guarded("Database connections", () -> {
            Map<String, Object> r = jdbc.sql("SELECT count(*) AS used, current_setting('max_connections')::int AS max FROM pg_stat_activity "
                    + "WHERE backend_type = 'client backend'")
                    .query().singleRow();
            long used = ((Number) r.get("used")).longValue();
            long max = ((Number) r.get("max")).longValue();
            double pct = 100.0 * used / max;
            Check.Status s = pct < 80 ? Check.Status.OK : pct < 95 ? Check.Status.WARNING : Check.Status.FAILURE;
            return new Check("Database connections", s, used + "/" + max + String.format(Locale.ROOT, " (%.0f %%)", pct), "< 80 %",
                    s == Check.Status.OK ? "" : "holi db connections; holi db kill-idle --older-than 10m (runbook DATABASE_CONNECTIONS.md)");
        }));
        checks.add(guarded("Replication lag", this::replication));
        checks.addAll(security24h());
        checks.addAll(errorRateAndLatency());
        checks.add(guarded("Firing alerts", this::alerts));
        checks.add(guarded("pgAudit", this::pgaudit));
        checks.add(guarded("Last backup", () -> {
            Optional<Instant> last = operations.latest(BackupService.CREATE, Optional.of(RunOutcome.SUCCESS)).map(r -> r.finishedAt());
            if (last.isEmpty()) {
                return Check.warning("Last backup", "none recorded", "< 26 h old", "holi backup create; is the 02:00 schedule running?");
            }
            Duration age = Duration.between(last.get(), Instant.now());
            return Check.of("Last backup", age.toHours() < 26, Check.Status.WARNING, age.toHours() + " h ago", "< 26 h old",
                    "runbook BACKUP_FAILURE.md");
        }));
        checks.add(guarded("Audit trail sealed", () -> {
            long unsealed = count("SELECT count(*) FROM audit_logs WHERE \"timestamp\" < now() - interval '15 minutes' "
                    + "AND id > (SELECT coalesce(max(last_id), 0) FROM holi_ops.audit_seals)");
            return Check.of("Audit trail sealed", unsealed == 0, Check.Status.WARNING, unsealed + " rows older than 15 min unsealed",
                    "0", "is holi serve's sealer running? holi audit seal");
        }));
        return finish("daily", at, checks, dailyText(at, checks));
    }

    private List<Check> health() {
        List<String> urls = healthUrls();
        if (urls.isEmpty()) {
            List<Check> out = new ArrayList<>();
            out.add(guarded("Database", () -> {
                jdbc.sql("SELECT 1").query(Integer.class).single();
                return Check.ok("Database", "connected", "connected");
            }));
            out.add(guarded("Redis", () -> {
                RateLimiter limiter = rateLimiter.getObject();
                RedisStatus s = limiter.redisStatus();
                if (s == RedisStatus.DISCONNECTED) {
                    // a one-shot command connects on first use: give it a second try before calling Redis down
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    s = limiter.redisStatus();
                }
                return s == RedisStatus.DISCONNECTED ? Check.warning("Redis", "disconnected", "connected",
                        "rate limiting fails open meanwhile (runbook REDIS_DOWN.md)") : Check.ok("Redis", s.label(), "connected");
            }));
            return out;
        }
        List<Check> out = new ArrayList<>();
        for (String base : urls) {
            String name = "Health " + base;
            out.add(guarded(name, () -> {
                try {
                    Http.Response r = Http.get(base + "/api/health", "application/json");
                    String status = json.readTree(r.body()).path("status").asString();
                    if (r.status() == 200 && "healthy".equals(status)) {
                        return Check.ok(name, status, "healthy");
                    }
                    if (r.status() == 200) {
                        return Check.warning(name, status, "healthy", "see the health body: " + r.body().strip());
                    }
                    return Check.failure(name, "HTTP " + r.status() + " " + status, "healthy", "runbook API_SERVER_DOWN.md");
                } catch (Exception e) {
                    return Check.failure(name, "unreachable (" + e.getClass().getSimpleName() + ")", "healthy",
                            "runbook API_SERVER_DOWN.md");
                }
            }));
        }
        return out;
    }

    private Check uptime() {
        List<String> urls = healthUrls();
        if (urls.isEmpty()) {
            String up = jdbc.sql("SELECT date_trunc('second', now() - pg_postmaster_start_time())::text").query(String.class).single();
            return Check.ok("Uptime", "database up " + up, "");
        }
        StringBuilder sb = new StringBuilder();
        for (String base : urls) {
            try {
                Http.Response r = Http.get(base + "/api/health/metrics", "application/json", metricsToken());
                if (r.status() != 200) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(base).append(" metrics answered ").append(r.status());
                    continue;
                }
                JsonNode m = json.readTree(r.body());
                long s = m.path("system").path("uptime").asLong();
                sb.append(sb.isEmpty() ? "" : ", ").append(base).append(" up ").append(Duration.ofSeconds(s).toString().substring(2).toLowerCase(Locale.ROOT));
            } catch (Exception e) {
                sb.append(sb.isEmpty() ? "" : ", ").append(base).append(" unknown");
            }
        }
        return Check.ok("Uptime", sb.toString(), "");
    }

    private Check replication() {
        if (set(properties.replicaUrl())) {
            io.holi.platform.DatabaseUrl r = io.holi.platform.DatabaseUrl.parse(properties.replicaUrl());
            try (Connection c = DriverManager.getConnection(r.jdbcUrl(), r.username(), r.password()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), "
                         + "pg_last_wal_replay_lsn()), 0)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Check.failure("Replication lag", "READ_REPLICA_URL is not a replica", "< 1 MB", "check READ_REPLICA_URL");
                }
                long lag = rs.getLong(2);
                return Check.of("Replication lag", lag < 1024 * 1024, Check.Status.WARNING, lag == 0 ? "up to date" : (lag / 1024) + " KB",
                        "< 1 MB", "runbook REPLICATION_LAG.md");
            } catch (java.sql.SQLException e) {
                return Check.failure("Replication lag", "replica unreachable (" + e.getSQLState() + ")", "< 1 MB", "runbook REPLICATION_LAG.md");
            }
        }
        List<Map<String, Object>> replicas = jdbc.sql("SELECT application_name, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0) AS lag "
                + "FROM pg_stat_replication").query().listOfRows();
        if (replicas.isEmpty()) {
            return Check.skipped("Replication lag", "no replica configured");
        }
        long worst = replicas.stream().mapToLong(m -> ((Number) m.get("lag")).longValue()).max().orElse(0);
        return Check.of("Replication lag", worst < 1024 * 1024, Check.Status.WARNING, replicas.size() + " replica(s), worst "
                + (worst / 1024) + " KB behind", "< 1 MB", "runbook REPLICATION_LAG.md");
    }

    private List<Check> security24h() {
        return List.of(guarded("LOGIN_FAILED, 24 h", () -> {
            long n = count("SELECT count(*) FROM audit_logs WHERE action = 'LOGIN_FAILED' AND \"timestamp\" >= now() - interval '24 hours'");
            return Check.of("LOGIN_FAILED, 24 h", n <= 100, Check.Status.FAILURE, String.valueOf(n), "<= 100",
                    "potential brute force: escalate; holi audit anomalies --since 24h");
        }), guarded("UNAUTHORIZED_ACCESS, 24 h", () -> {
            long n = count("SELECT count(*) FROM audit_logs WHERE action = 'UNAUTHORIZED_ACCESS' AND \"timestamp\" >= now() - interval '24 hours'");
            return Check.of("UNAUTHORIZED_ACCESS, 24 h", n <= 10, Check.Status.FAILURE, String.valueOf(n), "<= 10", "investigate: escalate");
        }), guarded("PERMISSION_DENIED, 24 h", () -> {
            long n = count("SELECT count(*) FROM audit_logs WHERE action = 'PERMISSION_DENIED' AND \"timestamp\" >= now() - interval '24 hours'");
            return Check.ok("PERMISSION_DENIED, 24 h", String.valueOf(n), "reviewed weekly");
        }));
    }

    private List<Check> errorRateAndLatency() {
        if (set(properties.prometheusUrl())) {
            return List.of(guarded("Error rate, 24 h", () -> {
                double v = prom("sum(increase(http_requests_total{status=~\"5..\"}[24h])) / sum(increase(http_requests_total[24h]))");
                return rate(v);
            }), guarded("Latency p95, 24 h", () -> {
                double v = prom("histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket[24h])))");
                return latency(v);
            }));
        }
        List<String> urls = healthUrls();
        if (urls.isEmpty()) {
            return List.of(Check.skipped("Error rate", "not checked (set HOLI_PROMETHEUS_URL or HOLI_OPS_HEALTH_URLS)"),
                    Check.skipped("Latency p95", "not checked (set HOLI_PROMETHEUS_URL or HOLI_OPS_HEALTH_URLS)"));
        }
        return List.of(guarded("Error rate, since start", () -> {
            double total = 0;
            double errors = 0;
            for (String base : urls) {
                for (String line : metricsText(base)) {
                    if (line.startsWith("http_requests_total{")) {
                        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        total += v;
                        if (line.contains("status=\"5")) {
                            errors += v;
                        }
                    }
                }
            }
            return rate(total == 0 ? 0 : errors / total);
        }), guarded("Latency p95, since start", () -> {
            java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
            for (String base : urls) {
                for (String line : metricsText(base)) {
                    if (line.startsWith("http_request_duration_seconds_bucket{")) {
                        String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                        buckets.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                    }
                }
            }
            if (buckets.isEmpty()) {
                return Check.skipped("Latency p95, since start", "no requests yet");
            }
            double all = buckets.lastEntry().getValue();
            double p95 = Double.NaN;
            for (var e : buckets.entrySet()) {
                if (e.getValue() >= 0.95 * all) {
                    p95 = e.getKey();
                    break;
                }
            }
            return latency(p95);
        }));
    }

    private String metricsToken() {
        HealthProperties h = health.getIfAvailable();
        return h == null ? null : h.metricsToken();
    }

    private List<String> metricsText(String base) {
        Http.Response r;
        try {
            r = Http.get(base + "/api/health/metrics", "text/plain", metricsToken());
        } catch (Exception e) {
            throw new IllegalStateException(base + " metrics unreachable");
        }
        if (r.status() == 401) {
            throw new IllegalStateException(base + " refused the metrics token: set HOLI_METRICS_TOKEN as the instances have it");
        }
        if (r.status() != 200) {
            throw new IllegalStateException(base + " metrics answered " + r.status());
        }
        return r.body().lines().toList();
    }

    private static Check rate(double v) {
        String value = Double.isNaN(v) ? "no traffic" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
        Check.Status s = Double.isNaN(v) || v < 0.01 ? Check.Status.OK : v < 0.05 ? Check.Status.WARNING : Check.Status.FAILURE;
        return new Check("Error rate", s, value, "< 1 %", s == Check.Status.OK ? "" : "runbook HIGH_ERROR_RATE.md");
    }

    private static Check latency(double seconds) {
        String value = Double.isNaN(seconds) ? "no traffic" : Double.isInfinite(seconds) ? "> 10 s" : Math.round(seconds * 1000) + " ms";
        boolean ok = Double.isNaN(seconds) || seconds < 0.5;
        return Check.of("Latency p95", ok, Check.Status.WARNING, value, "< 500 ms", "runbook HIGH_LATENCY.md");
    }

    private double prom(String query) throws IllegalStateException {
        try {
            JsonNode r = json.readTree(Http.get(Http.promQuery(properties.prometheusUrl(), query), "application/json").body());
            JsonNode result = r.path("data").path("result");
            if (!result.isArray() || result.isEmpty()) {
                return Double.NaN;
            }
            return Double.parseDouble(result.get(0).path("value").get(1).asString());
        } catch (Exception e) {
            throw new IllegalStateException("Prometheus at " + properties.prometheusUrl() + " did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Check alerts() {
        if (!set(properties.alertmanagerUrl())) {
            return Check.skipped("Firing alerts", "not checked (set HOLI_ALERTMANAGER_URL)");
        }
        try {
            JsonNode list = json.readTree(Http.get(Http.strip(properties.alertmanagerUrl())
                    + "/api/v2/alerts?active=true&silenced=false&inhibited=false", "application/json").body());
            Map<String, List<String>> bySeverity = new LinkedHashMap<>();
            for (JsonNode a : list) {
                bySeverity.computeIfAbsent(a.path("labels").path("severity").asString("none"), k -> new ArrayList<>())
                        .add(a.path("labels").path("alertname").asString());
            }
            int critical = bySeverity.getOrDefault("critical", List.of()).size();
            int warning = bySeverity.getOrDefault("warning", List.of()).size();
            String value = critical + " critical, " + warning + " warning" + (bySeverity.isEmpty() ? "" : " " + bySeverity);
            Check.Status s = critical > 0 ? Check.Status.FAILURE : warning > 0 ? Check.Status.WARNING : Check.Status.OK;
            return new Check("Firing alerts", s, value, "none", s == Check.Status.OK ? "" : "each alert links its runbook");
        } catch (Exception e) {
            return Check.failure("Firing alerts", "Alertmanager unreachable (" + e.getClass().getSimpleName() + ")", "none",
                    "runbook INSTANCE_STOPPED.md");
        }
    }

    private Check pgaudit() {
        Map<String, Object> r = jdbc.sql("""
                SELECT current_setting('shared_preload_libraries') LIKE '%pgaudit%' AS loaded,
                       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgaudit') AS installed,
                       coalesce(current_setting('pgaudit.log', true), 'none') AS log""").query().singleRow();
        boolean loaded = Boolean.TRUE.equals(r.get("loaded"));
        boolean installed = Boolean.TRUE.equals(r.get("installed"));
        String log = String.valueOf(r.get("log"));
        boolean ok = loaded && installed;
        return Check.of("pgAudit", ok, Check.Status.WARNING, ok ? "active (pgaudit.log for other roles: see holi db status)"
                        : (loaded ? "loaded but the extension is not created" : "not loaded"), "active",
                "statements of people and temporary roles are not logged: shared_preload_libraries = 'pgaudit', "
                        + "CREATE EXTENSION pgaudit, ALTER SYSTEM SET pgaudit.log = 'all' (the application role sets its own to 'none')");
    }

    private String dailyText(Instant at, List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("📊 Daily Operations Report - ").append(LocalDate.ofInstant(at, zone())).append("\n\n");
        boolean healthy = checks.stream().filter(c -> c.name().startsWith("Health") || c.name().equals("Database") || c.name().equals("Redis"))
                .allMatch(c -> c.status() == Check.Status.OK);
        sb.append(healthy ? "✅" : "❌").append(" System Health: ").append(healthy ? "All systems operational" : "see below").append('\n');
        checks.stream().filter(c -> c.name().equals("Firing alerts")).findFirst().ifPresent(c ->
                sb.append(c.status() == Check.Status.OK ? "✅" : c.status() == Check.Status.SKIPPED ? "➖" : "❌").append(" Alerts: ")
                        .append(c.value()).append('\n'));
        sb.append("✅ Key Metrics:\n");
        for (Check c : checks) {
            if (c.name().startsWith("Health") || c.name().equals("Firing alerts")) {
                continue;
            }
            sb.append("  - ").append(c.name()).append(": ").append(c.value()).append(' ').append(c.status().symbol());
            if (!c.threshold().isEmpty() && c.status() != Check.Status.SKIPPED) {
                sb.append(" (").append(c.threshold()).append(')');
            }
            sb.append('\n');
        }
        boolean security = checks.stream().filter(c -> c.name().contains(", 24 h")).allMatch(c -> c.status() == Check.Status.OK);
        sb.append(security ? "✅" : "❌").append(" Security: ").append(security ? "No unusual activity" : "escalation thresholds crossed").append("\n\n");
        appendActions(sb, checks);
        return sb.toString();
    }

    private static void appendActions(StringBuilder sb, List<Check> checks) {
        List<Check> todo = checks.stream().filter(c -> c.status() == Check.Status.WARNING || c.status() == Check.Status.FAILURE).toList();
        sb.append("🔔 Action Items: ").append(todo.isEmpty() ? "None" : "").append('\n');
        todo.forEach(c -> sb.append("  - [").append(c.status()).append("] ").append(c.name()).append(": ").append(c.value())
                .append(c.advice().isEmpty() ? "" : " → " + c.advice()).append('\n'));
    }

    // ================================================================ weekly

    public OpsReport weekly() {
        Instant at = Instant.now();
        List<Check> checks = new ArrayList<>();
        BackupService b = backups.getObject();
        checks.add(guarded("Backups, last 7 days", () -> {
            List<BackupSummary> all = b.list();
            List<String> missing = new ArrayList<>();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (int d = 1; d <= 7; d++) {
                LocalDate day = today.minusDays(d);
                if (all.stream().noneMatch(s -> LocalDate.ofInstant(s.createdAt(), ZoneOffset.UTC).equals(day))) {
                    missing.add(day.toString());
                }
            }
            Check.Status s = missing.isEmpty() ? Check.Status.OK : missing.size() == 7 ? Check.Status.FAILURE : Check.Status.WARNING;
            return new Check("Backups, last 7 days", s, (7 - missing.size()) + "/7 days" + (missing.isEmpty() ? "" : ", missing " + missing),
                    "one a day", s == Check.Status.OK ? "" : "runbook BACKUP_FAILURE.md");
        }));
        checks.add(guarded("Backups verified", () -> {
            Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
            List<String> failed = new ArrayList<>();
            int verified = 0;
            for (BackupSummary s : b.list()) {
                if (s.createdAt().isBefore(weekAgo)) {
                    continue;
                }
                boolean ok = s.verified().orElseGet(() -> b.verify(s.id()).ok());
                if (ok) {
                    verified++;
                } else {
                    failed.add(s.id());
                }
            }
            return Check.of("Backups verified", failed.isEmpty(), Check.Status.FAILURE, verified + " verified"
                    + (failed.isEmpty() ? "" : ", FAILED: " + failed), "all", "runbook BACKUP_FAILURE.md");
        }));
        checks.add(guarded("Test restore of yesterday's backup", () -> {
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            var manifest = b.list().stream().filter(s -> !LocalDate.ofInstant(s.createdAt(), ZoneOffset.UTC).isAfter(yesterday))
                    .findFirst().or(() -> b.list().stream().findFirst())
                    .map(s -> b.manifest(s.id()));
            if (manifest.isEmpty()) {
                return Check.failure("Test restore of yesterday's backup", "no backup to restore", "restores within the RTO",
                        "holi backup create");
            }
            Reports.Drill d = b.testRestore(manifest.get(), Optional.empty(), false, line -> { });
            if (!d.ok()) {
                return Check.failure("Test restore of yesterday's backup", manifest.get().id() + ": " + d.failure().orElse("failed"),
                        "restores within the RTO", "runbook BACKUP_FAILURE.md");
            }
            return Check.of("Test restore of yesterday's backup", d.withinRto(), Check.Status.WARNING, manifest.get().id() + " restored in "
                    + d.totalTook().toSeconds() + " s", "< " + d.rto().toMinutes() + " min", "the database outgrew the RTO: plan PITR or a faster target");
        }));
        checks.add(guarded("Retention", () -> {
            List<BackupSummary> all = b.list();
            if (all.isEmpty()) {
                return Check.warning("Retention", "no backups", b.retention().toDays() + " days", "holi backup create");
            }
            BackupSummary oldest = all.get(all.size() - 1);
            long days = oldest.age().toDays();
            return Check.of("Retention", days <= b.retention().toDays() + 2 || all.size() <= b.keepMin(), Check.Status.WARNING,
                    all.size() + " backups, oldest " + days + " days", "<= " + b.retention().toDays() + " days (keep at least " + b.keepMin() + ")",
                    "is the weekly prune running? holi backup prune --dry-run");
        }));
        checks.add(guarded("TLS certificates", () -> {
            TlsCertificates t = tls.getObject();
            if (t.hosts().isEmpty()) {
                return Check.skipped("TLS certificates", "set HOLI_TLS_HOSTS");
            }
            List<String> values = new ArrayList<>();
            Check.Status worst = Check.Status.OK;
            for (TlsCertificates.Result r : t.check()) {
                if (r.error().isPresent()) {
                    values.add(r.host() + " unreachable");
                    worst = Check.Status.FAILURE;
                    continue;
                }
                long days = r.daysLeft();
                values.add(r.host() + " " + days + " days");
                if (days < 7) {
                    worst = Check.Status.FAILURE;
                } else if (days < 30 && worst == Check.Status.OK) {
                    worst = Check.Status.WARNING;
                }
            }
            return new Check("TLS certificates", worst, String.join(", ", values), ">= 30 days left",
                    worst == Check.Status.OK ? "" : "renew (runbook TLS_CERTIFICATE.md)");
        }));
        checks.add(guarded("Audit review, last 7 days", () -> {
            var r = anomalies.getObject().detect(Instant.now().minus(Duration.ofDays(7)), Instant.now());
            return Check.of("Audit review, last 7 days", r.clean(), Check.Status.WARNING, r.findings().size() + " finding(s) " + r.counts(),
                    "none unexplained", "holi audit review; holi audit anomalies --since 7d");
        }));
        checks.add(guarded("Break-glass uses to review", () -> {
            long n = count("SELECT count(*) FROM data_access_grants WHERE kind = 'BREAK_GLASS' AND reviewed_at IS NULL");
            return Check.of("Break-glass uses to review", n == 0, Check.Status.WARNING, String.valueOf(n), "0",
                    "an auditor reviews each: GET /api/break-glass?reviewed=false, POST /api/break-glass/{id}/review");
        }));
        checks.add(guarded("Audit chain", () -> {
            ChainReports.Verified v = chain.getObject().verify();
            return Check.of("Audit chain", v.ok(), Check.Status.FAILURE, v.batches() + " batches, " + v.rows() + " rows; head " + v.head(),
                    "intact", v.firstBreak().map(x -> "TAMPERING in batch " + x.batch() + ": " + x.reason()
                            + " (runbook HIPAA_AUDIT_LOG_FAILURE.md)").orElse(""));
        }));
        return finish("weekly", at, checks, simpleText("Weekly Operations Report", at, checks));
    }

    // ================================================================ monthly

    public OpsReport monthly() {
        Instant at = Instant.now();
        List<Check> checks = new ArrayList<>();
        checks.add(guarded("Disaster recovery test", () -> {
            BackupService b = backups.getObject();
            var latest = b.latest();
            if (latest.isEmpty()) {
                return Check.failure("Disaster recovery test", "no backup", "restores with integrity checks within 1 h", "holi backup create");
            }
            Reports.Drill d = b.testRestore(latest.get(), Optional.empty(), false, line -> { });
            if (!d.ok()) {
                return Check.failure("Disaster recovery test", d.failure().orElse("failed"), "restores with integrity checks within 1 h",
                        "runbook DISASTER_RECOVERY_PLAN.md");
            }
            return Check.of("Disaster recovery test", d.withinRto(), Check.Status.FAILURE, latest.get().id() + ": row counts match, audit trail intact, "
                    + d.totalTook().toSeconds() + " s", "within " + d.rto().toMinutes() + " min", "RTO missed: runbook DISASTER_RECOVERY_PLAN.md");
        }));
        checks.add(guarded("Point-in-time recovery", () -> {
            String mode = jdbc.sql("SELECT current_setting('archive_mode')").query(String.class).single();
            if ("off".equals(mode)) {
                return Check.warning("Point-in-time recovery", "WAL archiving off", "on, archive current", "holi pitr setup (RPO 15 min)");
            }
            var c = pitr.getObject().check();
            return Check.of("Point-in-time recovery", c.ok(), Check.Status.FAILURE, c.ok() ? c.backups() + " backups, archive current"
                    : c.problem().orElse(""), "on, archive current", "runbook WAL_ARCHIVING.md");
        }));
        checks.add(guarded("Audit coverage", this::auditCoverage));
        checks.add(guarded("Encryption", () -> {
            KeyService.Status s = keys.getObject().status();
            long behind = s.valuesNotOnActive();
            Instant activeSince = s.versions().stream().filter(v -> v.version() == s.activeVersion()).findFirst()
                    .map(KeyService.VersionCount::registeredAt).orElse(Instant.now());
            long ageDays = Duration.between(activeSince, Instant.now()).toDays();
            boolean constraints = count("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND pg_get_constraintdef(oid) LIKE '%holi_is_ciphertext%'") > 0;
            Check.Status st = !constraints ? Check.Status.FAILURE : behind > 0 || ageDays > 365 ? Check.Status.WARNING : Check.Status.OK;
            return new Check("Encryption", st, "key v" + s.activeVersion() + " active for " + ageDays + " days; " + behind
                    + " values on older keys; PHI columns accept ciphertext only: " + (constraints ? "yes" : "NO"),
                    "all values on the active key, key < 1 year old", st == Check.Status.OK ? "" : "holi keys rotate (README: key rotation)");
        }));
        checks.add(guarded("Access review", () -> {
            Map<String, Long> roles = new LinkedHashMap<>();
            jdbc.sql("SELECT role, count(*) FROM users WHERE active GROUP BY role ORDER BY role").query(rs -> {
                roles.put(rs.getString(1), rs.getLong(2));
            });
            long inactiveWithGrants = count("""
                    SELECT count(DISTINCT u.id) FROM users u JOIN data_access_grants g ON g.user_id = u.id
                     WHERE NOT u.active AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())""");
            long expiring = count("SELECT count(*) FROM data_access_grants WHERE revoked_at IS NULL AND expires_at BETWEEN now() AND now() + interval '7 days'");
            return Check.of("Access review", inactiveWithGrants == 0, Check.Status.WARNING, "active users " + roles + "; deactivated users holding grants: "
                    + inactiveWithGrants + "; grants expiring within 7 days: " + expiring, "no deactivated user holds a grant",
                    "revoke them: DELETE /api/patients/{id}/grants/{userId}");
        }));
        checks.add(guarded("Capacity", () -> {
            long size = count("SELECT pg_database_size(current_database())");
            // growth against last month's run (the most recent one at least 20 days old), else the oldest there is
            List<OperationRun> earlier = operations.since("ops.monthly", Instant.now().minus(Duration.ofDays(45))).stream()
                    .filter(r -> r.details().get("databaseBytes") instanceof Number).toList();
            Optional<OperationRun> before = earlier.stream()
                    .filter(r -> r.startedAt().isBefore(Instant.now().minus(Duration.ofDays(20)))).findFirst()
                    .or(() -> earlier.isEmpty() ? Optional.empty() : Optional.of(earlier.get(earlier.size() - 1)));
            long peak = operations.since("ops.daily", Instant.now().minus(Duration.ofDays(31))).stream()
                    .map(r -> r.details().get("connections")).filter(v -> v instanceof Number).mapToLong(v -> ((Number) v).longValue()).max().orElse(0);
            String growth = before.map(r -> {
                long bfr = ((Number) r.details().get("databaseBytes")).longValue();
                return String.format(Locale.ROOT, "%+.1f %% since %s", 100.0 * (size - bfr) / Math.max(1, bfr), LocalDate.ofInstant(r.startedAt(), zone()));
            }).orElse("first measurement");
            String value = String.format(Locale.ROOT, "database %s (%s); peak connections at daily checks: %d; ",
                    size < 1e9 ? String.format(Locale.ROOT, "%.0f MB", size / 1e6) : String.format(Locale.ROOT, "%.1f GB", size / 1e9), growth, peak);
            Optional<Disk> disk = disk();
            if (disk.isEmpty()) {
                return Check.ok("Capacity", value + "disk not visible from here (set HOLI_PROMETHEUS_URL with node_exporter)", "disk < 70 % used");
            }
            double used = disk.get().used();
            // the manual: target < 70 %, > 85 % pages (P2), > 90 % is the out-of-disk incident (8.1.3)
            Check.Status st = used < 0.70 ? Check.Status.OK : used < 0.85 ? Check.Status.WARNING : Check.Status.FAILURE;
            return new Check("Capacity", st, value + String.format(Locale.ROOT, "disk %.0f %% used (%s)", 100 * used, disk.get().where()),
                    "disk < 70 % used", st == Check.Status.OK ? "" : "runbook 8.1.3 out of disk: holi db bloat, holi backup prune, grow the volume");
        }));
        return finish("monthly", at, checks, simpleText("Monthly Operations Report", at, checks));
    }

    /** How full the database's disk is, as a fraction, and where that was read. */
    record Disk(double used, String where) {
    }

    /**
     * From node_exporter through Prometheus when configured (the database's own host, wherever it runs), else from
     * the data directory when it is on this machine (the embedded cluster, or a role allowed to read
     * {@code data_directory}); empty when neither is visible.
     */
    private Optional<Disk> disk() {
        if (set(properties.prometheusUrl())) {
            String fs = "fstype!~\"tmpfs|overlay|squashfs|ramfs\"";
            double v = prom("max(1 - node_filesystem_avail_bytes{" + fs + "} / node_filesystem_size_bytes{" + fs + "})");
            if (!Double.isNaN(v)) {
                return Optional.of(new Disk(v, "fullest filesystem, node_exporter"));
            }
        }
        Optional<Path> dir = database.stream().flatMap(d -> d.cluster().stream()).map(c -> c.dataDirectory()).findFirst();
        boolean local = database.stream().map(d -> d.url().host()).anyMatch(h -> h.equals("localhost") || h.startsWith("127.") || h.equals("::1"));
        if (dir.isEmpty() && local) {
            try {
                dir = Optional.ofNullable(jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single()).map(Path::of);
            } catch (RuntimeException notAllowed) {
                return Optional.empty();
            }
        }
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            var store = Files.getFileStore(dir.get());
            if (store.getTotalSpace() <= 0) {
                return Optional.empty();
            }
            // as df computes Use%: blocks in use over those in use plus those available to unprivileged users
            double used = store.getTotalSpace() - store.getUnallocatedSpace();
            return Optional.of(new Disk(used / (used + store.getUsableSpace()), "data directory's filesystem"));
        } catch (java.io.IOException | SecurityException elsewhere) {
            return Optional.empty();
        }
    }

    /** Every PHI route, from the controllers themselves; the audit records each left this month; coverage gaps. */
    private Check auditCoverage() {
        var ctx = context.getObject();
        List<String> routes = new ArrayList<>();
        for (String name : ctx.getBeanNamesForAnnotation(org.springframework.web.bind.annotation.RestController.class)) {
            Class<?> type = org.springframework.util.ClassUtils.getUserClass(ctx.getType(name));
            var base = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(type,
                    org.springframework.web.bind.annotation.RequestMapping.class);
            String prefix = base != null && base.path().length > 0 ? base.path()[0] : "";
            for (var m : type.getDeclaredMethods()) {
                var rm = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(m,
                        org.springframework.web.bind.annotation.RequestMapping.class);
                if (rm == null) {
                    continue;
                }
                String path = prefix + (rm.path().length > 0 ? rm.path()[0] : "");
                String method = rm.method().length > 0 ? rm.method()[0].name() : "ANY";
                if (PhiRoutes.isPhi(path)) {
                    routes.add(method + " " + path);
                }
            }
        }
        Map<String, Long> audited = new LinkedHashMap<>();
        jdbc.sql("SELECT details->>'route', count(*) FROM audit_logs WHERE \"timestamp\" >= now() - interval '30 days' "
                + "AND details->>'route' IS NOT NULL GROUP BY 1").query(rs -> {
            audited.put(rs.getString(1), rs.getLong(2));
        });
        long gaps = count("SELECT count(*) FROM audit_logs WHERE action = 'OPERATION' AND resource = 'audit.coverage-gap' "
                + "AND \"timestamp\" >= now() - interval '30 days'");
        long used = routes.stream().map(r -> r.substring(r.indexOf(' ') + 1)).distinct().filter(audited::containsKey).count();
        long distinct = routes.stream().map(r -> r.substring(r.indexOf(' ') + 1)).distinct().count();
        return Check.of("Audit coverage", gaps == 0, Check.Status.FAILURE, routes.size() + " PHI routes (" + distinct + " paths), "
                        + used + " used this month, all of them audited; PHI answers without an audit record: " + gaps,
                "0 unaudited PHI answers", "a route answered without auditing: a bug to fix at once (holi_audit_coverage_gaps_total names it)");
    }

    private String simpleText(String title, Instant at, List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("📋 ").append(title).append(" - ").append(LocalDate.ofInstant(at, zone())).append("\n\n");
        for (Check c : checks) {
            sb.append(c.status().symbol()).append(' ').append(c.name()).append(": ").append(c.value());
            if (!c.threshold().isEmpty() && c.status() != Check.Status.SKIPPED) {
                sb.append(" (").append(c.threshold()).append(')');
            }
            sb.append('\n');
        }
        sb.append('\n');
        appendActions(sb, checks);
        return sb.toString();
    }

    // ================================================================ quarterly

    public OpsReport quarterly() {
        Instant at = Instant.now();
        List<Check> checks = new ArrayList<>(io.holi.ops.internal.ComplianceFiles.quarterly(properties.complianceDir(), LocalDate.now(zone())));
        return finish("quarterly", at, checks, simpleText("Quarterly Compliance Review", at, checks));
    }

    // ================================================================ common

    private OpsReport finish(String kind, Instant at, List<Check> checks, String text) {
        OpsReport report = new OpsReport(kind, at, checks, text);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("overall", report.overall().name());
        details.put("checks", checks);
        details.put("report", text);
        checks.stream().filter(c -> c.name().equals("Database connections")).findFirst()
                .ifPresent(c -> details.put("connections", Long.parseLong(c.value().replaceAll("/.*", "").strip())));
        if (kind.equals("monthly")) {
            try {
                details.put("databaseBytes", count("SELECT pg_database_size(current_database())"));
            } catch (RuntimeException ignored) {
                // the capacity check reports it
            }
        }
        operations.record("ops." + kind, null, at, switch (report.overall()) {
            case FAILURE -> RunOutcome.FAILED;
            case WARNING -> RunOutcome.WARNING;
            default -> RunOutcome.SUCCESS;
        }, details);
        return report;
    }

    /** Posts the report; returns what could not be delivered (never throws). */
    public List<String> notify(OpsReport report) {
        Notifier n = notifier.getObject();
        if (!n.configured()) {
            return List.of("no notification destination configured (SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY)");
        }
        Notification.Severity severity = switch (report.overall()) {
            case FAILURE -> Notification.Severity.CRITICAL;
            case WARNING -> Notification.Severity.WARNING;
            default -> Notification.Severity.INFO;
        };
        var deliveries = n.send(new Notification(severity, "holi " + report.kind() + " checks: " + report.overall(), report.text(),
                "holi-ops-" + report.kind() + "-" + LocalDate.ofInstant(report.at(), zone())));
        return deliveries.stream().filter(d -> !d.delivered()).map(d -> d.destination() + ": " + d.error() + " after " + d.attempts()
                + " attempts").toList();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private ZoneId zone() {
        return clinicZone.getObject().clinic().timeZone();
    }
}
