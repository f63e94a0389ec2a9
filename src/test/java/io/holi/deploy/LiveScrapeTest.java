package io.holi.deploy;

import io.holi.testing.TempDirs;
import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.OsProcess;
import io.holi.testing.Api;
import io.holi.testing.BackgroundProcess;
import io.holi.testing.RedisServer;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import io.holi.testing.TestReplica;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Prometheus scrapes a running holi, postgres_exporter (with a streaming replica attached),
 * redis_exporter and node_exporter, and evaluates alerts.yml. Every metric name an alert or a dashboard
 * reads must be in the live data: a rule that watches a metric nobody exports fails the build.
 */
class LiveScrapeTest {

    private static final String METRICS_TOKEN = "test-only-metrics-token";
    private static final List<AutoCloseable> running = new ArrayList<>();
    private static ConfigurableApplicationContext holi;
    private static Api api;
    private static Api prometheus;

    @BeforeAll
    static void startTheStack() throws Exception {
        RedisServer redis = new RedisServer().start();
        running.add(redis);
        running.add(TestReplica.of(TestPostgres.cluster()));

        Path dir = TempDirs.directory("holi-live");
        int tlsPort = BackgroundProcess.freePort();
        OsProcess.check(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "20", "-subj", "/CN=localhost"), Map.of(), Duration.ofMinutes(10));
        running.add(BackgroundProcess.start("tls", List.of("openssl", "s_server", "-accept", String.valueOf(tlsPort),
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-quiet", "-www"),
                Map.of(), tlsPort));

        DatabaseUrl db = TestPostgres.newDatabase("live");
        holi = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT,
                "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.auth.admin-email=admin@live.test", "--holi.auth.admin-password=admin-password-for-tests",
                "--holi.rate-limit.redis-url=" + redis.url(), "--holi.health.metrics-token=" + METRICS_TOKEN,
                "--holi.tls.hosts=127.0.0.1:" + tlsPort, "--holi.health.metrics-refresh=1s");
        int holiPort = Integer.parseInt(holi.getEnvironment().getProperty("local.server.port"));
        api = new Api(holiPort);

        DatabaseUrl su = TestPostgres.cluster().superuser("postgres");
        int pgExporter = BackgroundProcess.freePort();
        running.add(BackgroundProcess.start("postgres_exporter", List.of(
                BackgroundProcess.program("prometheus-postgres-exporter", "prometheus-postgres-exporter"),
                "--web.listen-address=127.0.0.1:" + pgExporter), Map.of("DATA_SOURCE_NAME",
                "postgresql://" + su.username() + ":" + su.password() + "@127.0.0.1:" + su.port() + "/postgres?sslmode=disable"), pgExporter));
        int redisExporter = BackgroundProcess.freePort();
        running.add(BackgroundProcess.start("redis_exporter", List.of(
                BackgroundProcess.program("prometheus-redis-exporter", "prometheus-redis-exporter"),
                "--redis.addr=" + redis.url(), "--web.listen-address=127.0.0.1:" + redisExporter), Map.of(), redisExporter));
        int nodeExporter = BackgroundProcess.freePort();
        running.add(BackgroundProcess.start("node_exporter", List.of(
                BackgroundProcess.program("prometheus-node-exporter", "prometheus-node-exporter"),
                "--web.listen-address=127.0.0.1:" + nodeExporter), Map.of(), nodeExporter));

        // the same rules, evaluated every second instead of every 30 s or minute (a group left at a minute made
        // this class wait for it)
        String rules = Files.readString(Path.of("deploy/prometheus/alerts.yml"))
                .replaceAll("(?m)^(\\s+)interval: \\d+[smh]$", "$1interval: 1s");
        assertThat(rules).doesNotContainPattern("(?m)^\\s+interval: (?!1s$)");
        Files.writeString(dir.resolve("alerts.yml"), rules);
        Files.writeString(dir.resolve("token"), METRICS_TOKEN);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [alerts.yml]
                scrape_configs:
                  - job_name: api
                    metrics_path: /api/health/metrics
                    authorization:
                      type: Bearer
                      credentials_file: %s
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: postgres
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: redis
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: node
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(dir.resolve("token"), holiPort, pgExporter, redisExporter, nodeExporter));
        int promPort = BackgroundProcess.freePort();
        running.add(BackgroundProcess.start("prometheus", List.of(BackgroundProcess.program("prometheus", "prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort), Map.of(), promPort));
        prometheus = new Api(promPort);

        // traffic, so that every request and audit series has samples
        String admin = api.login("admin@live.test", "admin-password-for-tests");
        api.post("/api/patients", admin, Map.of("firstName", "Live", "lastName", "Scrape", "dateOfBirth", "1990-01-01"));
        api.post("/api/auth/login", null, Map.of("email", "admin@live.test", "password", "wrong-password"));
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (holi != null) {
            holi.close();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private static Set<String> liveNames() {
        JsonNode data = prometheus.get("/api/v1/label/__name__/values", null).json().get("data");
        Set<String> names = new HashSet<>();
        data.forEach(n -> names.add(n.asString()));
        return names;
    }

    @Test
    void everyTargetIsUpIncludingHoliBehindItsMetricsToken() {
        Awaitility.await("all targets up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode targets = prometheus.get("/api/v1/targets", null).json().get("data").get("activeTargets");
            for (JsonNode t : targets) {
                if (!"up".equals(t.get("health").asString())) {
                    return false;
                }
            }
            return targets.size() == 4;
        });
    }

    @Test
    void everyMetricThatAnAlertOrADashboardReadsExistsInTheLiveData() throws Exception {
        Set<String> used = MonitoringConfigTest.metricNamesUsed();
        assertThat(used).contains("http_requests_total", "audit_logs_total", "pg_up", "pg_stat_activity_count",
                "pg_stat_replication_pg_wal_lsn_diff", "redis_up", "node_cpu_seconds_total");
        Awaitility.await("every metric used by alerts and dashboards is scraped").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    Set<String> missing = new TreeSet<>(used);
                    missing.removeAll(liveNames());
                    assertThat(missing).as("metrics read by alerts.yml or the dashboards but exported by nobody").isEmpty();
                });
    }

    @Test
    void prometheusEvaluatesEveryAlertRuleWithoutError() {
        Awaitility.await("every rule evaluated").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> problems = new ArrayList<>();
            int rules = 0;
            for (JsonNode group : prometheus.get("/api/v1/rules", null).json().get("data").get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    rules++;
                    if (!"ok".equals(rule.get("health").asString())) {
                        problems.add(rule.get("name").asString() + ": " + rule.get("health").asString()
                                + (rule.has("lastError") ? " " + rule.get("lastError").asString() : ""));
                    }
                }
            }
            assertThat(rules).isGreaterThanOrEqualTo(19);
            assertThat(problems).isEmpty();
        });
    }

    @Test
    void theMetricsEndpointRefusesAWrongTokenAndAuditsIt() {
        assertThat(api.get("/api/health/metrics", "wrong").status()).isEqualTo(401);
        assertThat(api.get("/api/health/metrics", METRICS_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void theTlsCertificateOfAConfiguredHostIsExported() {
        Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                api.send("GET", "/api/health/metrics", METRICS_TOKEN, null, Map.of("Accept", "text/plain")).body())
                .containsPattern("holi_tls_certificate_expiry_timestamp_seconds\\{host=\"127.0.0.1:\\d+\"} 1\\.\\d+E9"));
    }
}
