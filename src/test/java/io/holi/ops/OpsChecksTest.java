package io.holi.ops;

import io.holi.testing.TempDirs;
import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;
import io.holi.testing.ApiTest;
import io.holi.testing.BackgroundProcess;
import io.holi.testing.CliRunner;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily checklist against real states: a serving instance, a database with and without failed sign-ins, a
 * cluster whose connections are nearly exhausted, a real Alertmanager with and without a firing alert.
 */
@Order(6) // one of the longest classes: started first (junit-platform.properties)
class OpsChecksTest extends ApiTest {

    private static Map<String, String> settings(DatabaseUrl db) {
        Map<String, String> s = new HashMap<>();
        s.put("holi.database.url", db.toUriWithPassword());
        s.put("holi.crypto.encryption-key", TestKeys.FIELD_V1);
        s.put("holi.crypto.blind-index-key", TestKeys.BLIND_INDEX);
        s.put("holi.health.metrics-token", TestKeys.METRICS);
        return s;
    }

    private static DatabaseUrl sharedDatabase;
    private static BackgroundProcess alertmanager;
    private static int alertmanagerPort;
    private static io.holi.testing.RedisServer redis;
    /** The figures the shared instance serves: errors in 1,000 requests, and the slow requests' bucket (seconds). */
    private static final java.util.concurrent.atomic.AtomicReference<double[]> SERVED =
            new java.util.concurrent.atomic.AtomicReference<>(new double[] {2, 0.25});
    private static com.sun.net.httpserver.HttpServer instance;
    private static Path store;

    /**
     * A database, a real Alertmanager, an object store and an instance whose figures the tests set, for the checks that
     * read them: one of each for the class, so that those tests' commands share one application context. Each of those
     * tests asserts only its own lines. (With an instance to ask, the Database and Redis lines are the instance's: the
     * Redis test runs on the class's own cluster, whose commands ask Redis themselves.)
     */
    private static synchronized Map<String, String> sharedSettings() throws Exception {
        if (sharedDatabase == null) {
            instance = instanceWithErrors(SERVED, 0);
            store = TempDirs.directory("holi-ops-store");
            Path dir = TempDirs.directory("holi-am");
            Files.writeString(dir.resolve("am.yml"), "route:\n  receiver: none\nreceivers:\n  - name: none\n");
            alertmanagerPort = BackgroundProcess.freePort();
            alertmanager = BackgroundProcess.start("alertmanager", List.of(BackgroundProcess.program("prometheus-alertmanager",
                    "prometheus-alertmanager"), "--config.file=" + dir.resolve("am.yml"), "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="), Map.of(), alertmanagerPort);
            sharedDatabase = TestPostgres.newDatabase("ops_shared");
        }
        Map<String, String> s = settings(sharedDatabase);
        s.put("holi.ops.alertmanager-url", "http://127.0.0.1:" + alertmanagerPort);
        s.put("holi.backup.encryption-key", TestKeys.BACKUP_IDENTITY);
        s.put("holi.storage.url", store.toUri().toString());
        s.put("holi.ops.health-urls", "http://127.0.0.1:" + instance.getAddress().getPort());
        return s;
    }

    private static EmbeddedCluster ownCluster;
    private static io.holi.testing.TestReplica replica;

    /**
     * A cluster of the class's own, with few connections (so that a test can nearly exhaust them), a streaming replica
     * (whose replay a test pauses) and a real Redis (which a test stops), and the settings of the commands about them:
     * one application context for the three tests. Each asserts only its own line.
     */
    private static synchronized Map<String, String> ownClusterSettings() throws Exception {
        if (ownCluster == null) {
            redis = new io.holi.testing.RedisServer().start();
            Path home = TempDirs.directory("holi-ops-own");
            EmbeddedCluster c = EmbeddedCluster.at(home).withSettings(List.of("max_connections = 20", "fsync = off"));
            c.start();
            ownCluster = c;
            replica = io.holi.testing.TestReplica.of(c);
        }
        DatabaseUrl su = ownCluster.superuser("postgres");
        DatabaseUrl onReplica = DatabaseUrl.of("127.0.0.1", replica.port(), "postgres", su.username(), su.password());
        Map<String, String> s = settings(ownCluster.application());
        s.put("holi.database.pool-size", "2");
        s.put("holi.ops.replica-url", onReplica.toUriWithPassword());
        s.put("holi.rate-limit.redis-url", redis.url());
        return s;
    }

    @AfterAll
    static void stopShared() throws Exception {
        if (replica != null) {
            replica.close();
        }
        if (ownCluster != null) {
            ownCluster.destroy();
        }
        if (instance != null) {
            instance.stop(0);
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String line(Run r, String check) {
        return r.out().lines().filter(l -> l.matches("^[✓⚠✗–] +" + java.util.regex.Pattern.quote(check) + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in:\n" + r.out()));
    }

    @Test
    void theDailyReportIsTheManualsTemplateFilledInFromALiveInstance() throws Exception {
        api.get("/api/health", null);
        // in the shared server's application, whose settings name it as the instance to ask (ApiTest)
        Run daily = holi("", "ops", "daily");
        assertThat(daily.out()).contains("📊 Daily Operations Report - ").contains("System Health: All systems operational")
                .contains("🔔 Action Items:");
        assertThat(line(daily, "Health http://127.0.0.1:" + port)).startsWith("✓").contains("healthy");
        assertThat(line(daily, "Uptime")).contains("up");
        assertThat(line(daily, "Error rate")).startsWith("✓");
        assertThat(line(daily, "Latency p95")).startsWith("✓").contains("ms");
        assertThat(line(daily, "Database latency")).startsWith("✓");
        assertThat(daily.exitCode()).isIn(0, 3, 4);

        Run json = holi("", "ops", "daily", "--format", "json");
        var tree = new tools.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(tree.get("kind").asString()).isEqualTo("daily");
        assertThat(tree.get("exitCode").asInt()).isEqualTo(json.exitCode());
        assertThat(tree.get("checks").size()).isGreaterThan(10);
        assertThat(sql.queryForObject("SELECT count(*) FROM holi_ops.operation_runs WHERE kind = 'ops.daily'", Long.class)).isGreaterThanOrEqualTo(2);
    }

    /**
     * An instance that has served 1,000 requests of which {@code errors} failed with 500, most of them slow: the
     * metrics text is what Micrometer's Prometheus registry writes for holi.
     */
    private static com.sun.net.httpserver.HttpServer instanceWithErrors(java.util.concurrent.atomic.AtomicReference<double[]> served,
            int port) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/health", exchange -> {
            int errors = (int) served.get()[0];
            double slowSeconds = served.get()[1];
            boolean metrics = exchange.getRequestURI().getPath().equals("/api/health/metrics");
            String body = metrics ? String.join("\n",
                    "# HELP http_requests_total Requests served",
                    "# TYPE http_requests_total counter",
                    "http_requests_total{method=\"GET\",route=\"/api/patients/{id}\",status=\"200\"} " + (1000 - errors) + ".0",
                    "http_requests_total{method=\"GET\",route=\"/api/patients/{id}\",status=\"500\"} " + errors + ".0",
                    "# TYPE http_request_duration_seconds histogram",
                    "http_request_duration_seconds_bucket{le=\"0.1\"} 100.0",
                    "http_request_duration_seconds_bucket{le=\"" + slowSeconds + "\"} 1000.0",
                    "http_request_duration_seconds_bucket{le=\"+Inf\"} 1000.0", "")
                    : "{\"status\":\"healthy\",\"database\":\"connected\",\"redis\":\"not_configured\"}";
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", metrics ? "text/plain; version=0.0.4" : "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void errorRateSlowRequestsAndAnUnreachableInstanceCrossTheirThresholds() throws Exception {
        // the class's instance, whose figures change between the runs
        Map<String, String> s = sharedSettings();
        var served = SERVED;
        try {
            Run calm = CliRunner.run(s, "", "ops", "daily");
            assertThat(line(calm, "Error rate")).startsWith("✓").contains("0.20 %");
            assertThat(line(calm, "Latency p95")).startsWith("✓").contains("250 ms");

            served.set(new double[] {20, 0.25});
            Run warned = CliRunner.run(s, "", "ops", "daily");
            assertThat(line(warned, "Error rate")).startsWith("⚠").contains("2.00 %");
            assertThat(warned.out()).contains("Error rate: 2.00 % → runbook HIGH_ERROR_RATE.md");

            served.set(new double[] {100, 2.5});
            Run bad = CliRunner.run(s, "", "ops", "daily");
            assertThat(line(bad, "Error rate")).startsWith("✗").contains("10.00 %");
            assertThat(line(bad, "Latency p95")).startsWith("⚠").contains("2500 ms");
            assertThat(bad.out()).contains("Latency p95: 2500 ms → runbook HIGH_LATENCY.md");
            assertThat(bad.exitCode()).isEqualTo(4);

            // the instance stopped: nothing answers on its port
            int port = instance.getAddress().getPort();
            instance.stop(0);
            try {
                Run down = CliRunner.run(s, "", "ops", "daily");
                assertThat(down.exitCode()).isEqualTo(4);
                assertThat(down.out()).contains("unreachable").contains("API_SERVER_DOWN.md");
            } finally {
                instance = instanceWithErrors(served, port); // up again, on the port the settings name
            }
        } finally {
            served.set(new double[] {2, 0.25}); // calm again for the other tests
        }
    }

    @Test
    void failedSignInsCrossTheManualsThresholds() throws Exception {
        Map<String, String> s = sharedSettings();
        DatabaseUrl db = sharedDatabase;
        Run calm = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(calm, "Failed sign-ins, last hour")).startsWith("✓");
        assertThat(line(calm, "LOGIN_FAILED, 24 h")).startsWith("✓");
        insertFailedSignIns(db, 12);
        Run busy = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(busy, "Failed sign-ins, last hour")).startsWith("⚠").contains("12");
        insertFailedSignIns(db, 90);
        Run attack = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(attack, "LOGIN_FAILED, 24 h")).startsWith("✗").contains("102");
        assertThat(attack.exitCode()).isEqualTo(4);
        assertThat(attack.out()).contains("potential brute force");
    }

    private static void insertFailedSignIns(DatabaseUrl db, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement st = c.createStatement()) {
            st.execute("INSERT INTO audit_logs (action, outcome, user_email, ip_address) SELECT 'LOGIN_FAILED', 'DENIED', 'x@y.test', "
                    + "'10.0.0.9'::inet FROM generate_series(1, " + n + ")");
        }
    }

    @Test
    void nearlyExhaustedConnectionsAreAWarning() throws Exception {
        Map<String, String> s = ownClusterSettings();
        DatabaseUrl db = ownCluster.application();
        List<Connection> held = new ArrayList<>();
        try {
            assertThat(line(CliRunner.run(s, "", "ops", "daily"), "Database connections")).startsWith("✓");
            while (held.size() < 15) {
                held.add(DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()));
            }
            Run crowded = CliRunner.run(s, "", "ops", "daily");
            assertThat(line(crowded, "Database connections")).startsWith("⚠").contains("/20");
            assertThat(crowded.out()).contains("holi db kill-idle");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void firingAlertsComeFromARealAlertmanager() throws Exception {
        Map<String, String> s = sharedSettings();
        assertThat(line(CliRunner.run(s, "", "ops", "daily"), "Firing alerts")).startsWith("✓").contains("0 critical");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alertmanagerPort + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"labels\":{\"alertname\":\"DatabaseDown\",\"severity\":\"critical\"}}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Run firing = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(firing, "Firing alerts")).startsWith("✗").contains("1 critical").contains("DatabaseDown");
        assertThat(firing.exitCode()).isEqualTo(4);
    }

    @Test
    void redisDownIsAWarningAndRedisUpIsFine() throws Exception {
        Map<String, String> s = ownClusterSettings();
        assertThat(line(CliRunner.run(s, "", "ops", "daily"), "Redis")).startsWith("✓").contains("connected");
        redis.stop();
        try {
            Run down = CliRunner.run(s, "", "ops", "daily");
            assertThat(line(down, "Redis")).startsWith("⚠").contains("disconnected");
            assertThat(down.out()).contains("REDIS_DOWN.md");
        } finally {
            redis.start(); // the same port: the other tests' Redis line is theirs to ignore, but it stays up
        }
    }

    @Test
    void pgAuditLastBackupAndSealingEachWarnWhenMissing() throws Exception {
        // the shared database: no other test backs it up, seals it, or writes an audit record older than a minute
        Map<String, String> s = sharedSettings();
        DatabaseUrl db = sharedDatabase;
        Run before = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(before, "pgAudit")).startsWith("✓");
        assertThat(line(before, "Last backup")).startsWith("⚠").contains("none recorded");
        DatabaseUrl su = TestPostgres.superuser(db);
        try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement st = c.createStatement()) {
            st.execute("INSERT INTO audit_logs (\"timestamp\", action, outcome) VALUES (now() - interval '1 hour', 'READ', 'SUCCESS')");
            st.execute("DROP EXTENSION pgaudit");
        }
        Run missing = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(missing, "pgAudit")).startsWith("⚠").contains("not created");
        assertThat(line(missing, "Audit trail sealed")).startsWith("⚠").contains("1 rows older than 15 min unsealed");

        assertThat(CliRunner.run(s, "", "backup", "create").exitCode()).isZero();
        assertThat(CliRunner.run(s, "", "audit", "seal").exitCode()).isZero();
        Run after = CliRunner.run(s, "", "ops", "daily");
        assertThat(line(after, "Last backup")).startsWith("✓");
        assertThat(line(after, "Audit trail sealed")).startsWith("✓");
    }

    @Test
    void aReplicaUpToDateIsFineAndOneThatStoppedReplayingWarns() throws Exception {
        Map<String, String> s = ownClusterSettings();
        DatabaseUrl su = ownCluster.superuser("postgres");
        DatabaseUrl onReplica = DatabaseUrl.of("127.0.0.1", replica.port(), "postgres", su.username(), su.password());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> line(CliRunner.run(s, "", "ops", "daily"), "Replication lag").startsWith("✓"));
        try (Connection r = DriverManager.getConnection(onReplica.jdbcUrl(), onReplica.username(), onReplica.password());
             Statement st = r.createStatement()) {
            st.execute("SELECT pg_wal_replay_pause()");
        }
        try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler AS SELECT g, md5(g::text) FROM generate_series(1, 100000) g");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> line(CliRunner.run(s, "", "ops", "daily"), "Replication lag").startsWith("⚠"));
        assertThat(line(CliRunner.run(s, "", "ops", "daily"), "Replication lag")).contains("KB").contains("< 1 MB");
    }
}
