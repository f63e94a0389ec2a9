package io.holi.deploy;

import io.holi.testing.TempDirs;
import io.holi.platform.OsProcess;
import io.holi.testing.BackgroundProcess;
import io.holi.testing.PromQl;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring stack's files, loaded and tested by the real tools: promtool, amtool, logrotate. */
@Order(9) // one of the longest classes: started first (junit-platform.properties)
class MonitoringConfigTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");

    private static String run(String... command) throws IOException {
        OsProcess.Result r = OsProcess.run(List.of(command), Duration.ofMinutes(10));
        assertThat(r.exitCode()).as(String.join(" ", command) + ":\n" + r.output()).isZero();
        return r.output();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(ALERTS));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            for (Path f : files.toList()) {
                for (JsonNode panel : JsonMapper.builder().build().readTree(f.toFile()).get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        exprs.add(target.get("expr").asString());
                    }
                }
            }
        }
        return exprs;
    }

    /** Every metric name that an alert or a dashboard reads. */
    static Set<String> metricNamesUsed() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : alertRules()) {
            names.addAll(PromQl.metricNames(rule.get("expr").toString()));
        }
        for (String e : dashboardExpressions()) {
            names.addAll(PromQl.metricNames(e));
        }
        return names;
    }

    @Test
    void prometheusLoadsTheRulesAndTheScrapeConfiguration() throws IOException {
        String promtool = BackgroundProcess.program("promtool", "prometheus");
        assertThat(run(promtool, "check", "rules", ALERTS.toString())).contains("SUCCESS");
        Path dir = TempDirs.directory("holi-prom-config");
        Files.copy(ALERTS, dir.resolve("alerts.yml"));
        Path token = Files.writeString(dir.resolve("token"), "test-only-token");
        Files.writeString(dir.resolve("prometheus.yml"), Files.readString(DEPLOY.resolve("prometheus/prometheus.yml"))
                .replace("/etc/prometheus/secrets/holi-metrics-token", token.toString()));
        assertThat(run(promtool, "check", "config", dir.resolve("prometheus.yml").toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertPassesItsPromtoolUnitTestsWithAFiringAndAQuietCase() throws IOException {
        String promtool = BackgroundProcess.program("promtool", "prometheus");
        // minutes-long cases evaluated every 30 s; the day-long ones (backup and drill freshness) every 5 minutes
        List<Path> files = List.of(DEPLOY.resolve("prometheus/tests/alerts_test.yml"), DEPLOY.resolve("prometheus/tests/alerts_days_test.yml"));
        List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
        files.forEach(f -> command.add(f.toString()));
        String result = run(command.toArray(String[]::new));
        assertThat(result).doesNotContain("FAILED");
        assertThat(result.split("SUCCESS", -1)).hasSize(files.size() + 1);

        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Path file : files) {
            Map<String, Object> tests = new Yaml().load(Files.readString(file));
            for (Object t : (List<?>) tests.get("tests")) {
                for (Object c : (List<?>) ((Map<?, ?>) t).get("alert_rule_test")) {
                    Map<?, ?> check = (Map<?, ?>) c;
                    ((List<?>) check.get("exp_alerts")).stream().findAny()
                            .ifPresentOrElse(x -> firing.add(check.get("alertname").toString()),
                                    () -> quiet.add(check.get("alertname").toString()));
                }
            }
        }
        for (Map<String, Object> rule : alertRules()) {
            String name = rule.get("alert").toString();
            assertThat(firing).as("a test in which " + name + " fires").contains(name);
            assertThat(quiet).as("a test in which " + name + " stays quiet").contains(name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASeverityASummaryAndARunbookThatExists() throws IOException {
        for (Map<String, Object> rule : alertRules()) {
            Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            String name = rule.get("alert").toString();
            assertThat(labels.get("severity")).as(name).isIn("critical", "warning", "info");
            assertThat(annotations).as(name).containsKeys("summary", "description", "runbook");
            assertThat(Path.of(annotations.get("runbook").toString())).as(name + "'s runbook").isRegularFile();
        }
    }

    @Test
    void theManualsAlertsAreAllThere() throws IOException {
        List<String> names = alertRules().stream().map(r -> r.get("alert").toString()).toList();
        assertThat(names).contains("APIServerDown", "HighErrorRate", "HighLatencyP95", "DatabaseDown",
                "HighDatabaseConnections", "ReplicationLag", "HighFailedAuthRate", "AuditLogNotWriting", "HighCpuUsage",
                "HighMemoryUsage", "DiskAlmostFull", "InstanceStopped", "WalArchivingFailing", "RedisDown",
                "RateLimiterFailingOpen", "TlsCertificateExpiring");
    }

    @Test
    void alertmanagerLoadsItsConfigurationAndRoutesEachSeverityAsTheManualSays() throws IOException {
        String amtool = BackgroundProcess.program("amtool", "prometheus-alertmanager");
        String config = DEPLOY.resolve("alertmanager/alertmanager.yml").toString();
        assertThat(run(amtool, "check-config", config)).contains("SUCCESS");
        int cases = 0;
        for (String line : Files.readAllLines(DEPLOY.resolve("alertmanager/tests/routes.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("=>");
            List<String> command = new ArrayList<>(List.of(amtool, "config", "routes", "test", "--config.file=" + config,
                    "--verify.receivers=" + parts[1].strip()));
            command.addAll(List.of(parts[0].strip().split("\\s+")));
            OsProcess.Result r = OsProcess.run(command, Duration.ofMinutes(10));
            assertThat(r.exitCode()).as(line + ":\n" + r.output()).isZero();
            cases++;
        }
        assertThat(cases).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theFourDashboardsHaveTheManualsPanelsAndValidQueries() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("api-health", List.of("Request Rate", "Error Rate", "Latency p95", "Latency p99", "Status Code Distribution"));
        expected.put("database-health", List.of("Connection Count", "Query Latency", "Database Size", "Replication Lag",
                "Cache Hit Ratio", "Slow Queries"));
        expected.put("business-metrics", List.of("Active Patients", "Daily Appointments", "New Patient Registrations",
                "Failed Auth Attempts", "Audit Log Write Rate", "Prescription Volume"));
        expected.put("infrastructure", List.of("CPU Utilization", "Memory Utilization", "Disk Usage", "Network I/O",
                "Container Status", "Redis Connection Count"));
        JsonMapper json = JsonMapper.builder().build();
        for (var e : expected.entrySet()) {
            JsonNode d = json.readTree(DEPLOY.resolve("grafana/dashboards/" + e.getKey() + ".json").toFile());
            assertThat(d.get("uid").asString()).isEqualTo(e.getKey());
            assertThat(d.get("panels").findValues("title").stream().map(JsonNode::asString).toList())
                    .containsExactlyElementsOf(e.getValue());
        }
        // every query is valid PromQL: promtool checks them as recording rules
        List<Map<String, String>> records = new ArrayList<>();
        int i = 0;
        for (String expr : dashboardExpressions()) {
            records.add(Map.of("record", "dashboard:query_" + i++, "expr", expr));
        }
        Path file = TempDirs.file("holi-dashboards", ".yml");
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", records)))));
        assertThat(run(BackgroundProcess.program("promtool", "prometheus"), "check", "rules", file.toString()))
                .contains("SUCCESS: " + i + " rules found");
        assertThat(Path.of("deploy/grafana/provisioning/datasources/prometheus.yml")).isRegularFile();
        assertThat(Files.readString(Path.of("deploy/grafana/provisioning/dashboards/holi.yml"))).contains("/var/lib/grafana/dashboards");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileMountsFilesThatExist() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("docker-compose.prod.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("web-1", "web-2", "pgbouncer", "postgres-1", "postgres-2", "etcd-1", "etcd-2", "etcd-3",
                "haproxy", "redis", "prometheus", "alertmanager", "grafana", "postgres-exporter-1", "postgres-exporter-2",
                "redis-exporter", "node-exporter");
        for (Object service : services.values()) {
            Object volumes = ((Map<String, Object>) service).get("volumes");
            if (volumes == null) {
                continue;
            }
            for (Object v : (List<Object>) volumes) {
                String source = v.toString().split(":")[0];
                if (source.startsWith("./") && !source.startsWith("./secrets/")) {
                    assertThat(DEPLOY.resolve(source.substring(2))).as(v.toString()).exists();
                }
            }
        }
        assertThat(Path.of("Dockerfile")).isRegularFile();
    }

    @Test
    void logrotateAcceptsItsConfiguration() throws IOException {
        String logrotate = BackgroundProcess.program("logrotate", "logrotate");
        Path state = TempDirs.file("holi-logrotate", ".state");
        // the production host has a holi user; this machine may not: check the same file with this user
        String user = System.getProperty("user.name");
        String group = OsProcess.check(List.of("id", "-gn"), Map.of(), Duration.ofSeconds(5)).strip();
        Path config = TempDirs.file("holi-logrotate", ".conf");
        Files.writeString(config, Files.readString(DEPLOY.resolve("logrotate/holi")).replace("holi holi", user + " " + group));
        OsProcess.Result r = OsProcess.run(List.of(logrotate, "-d", "-s", state.toString(), config.toString()),
                Duration.ofMinutes(10));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("rotating pattern: /var/log/holi/*.log").doesNotContain("error");
    }

    @Test
    @SuppressWarnings("unchecked")
    void logsAreShippedFromWhereTheServiceWritesThemAndKeptSixYears() throws IOException {
        Map<String, Object> fluent = new Yaml().load(Files.readString(DEPLOY.resolve("logs/fluent-bit.yaml")));
        Map<String, Object> pipeline = (Map<String, Object>) fluent.get("pipeline");
        Map<String, Object> tail = ((List<Map<String, Object>>) pipeline.get("inputs")).get(0);
        Map<String, Object> s3 = ((List<Map<String, Object>>) pipeline.get("outputs")).get(0);
        String unit = Files.readString(DEPLOY.resolve("systemd/holi.service"));
        assertThat(unit).contains("StandardOutput=append:" + tail.get("path"));
        assertThat(Files.readString(DEPLOY.resolve("logrotate/holi"))).contains(Path.of(tail.get("path").toString()).getParent() + "/*.log");
        assertThat(tail.get("db")).isNotNull();
        assertThat(s3.get("name")).isEqualTo("s3");
        assertThat(s3.get("compression")).isEqualTo("gzip");
        assertThat(s3.get("s3_key_format").toString()).startsWith("/holi-logs/");
        var lifecycle = new tools.jackson.databind.ObjectMapper().readTree(Files.readString(DEPLOY.resolve("logs/s3-lifecycle.json")));
        for (var rule : lifecycle.get("Rules")) {
            if (rule.has("Expiration")) {
                assertThat(rule.get("Expiration").get("Days").asInt()).as(rule.get("ID").asString()).isGreaterThanOrEqualTo(6 * 365 + 1);
            }
        }
        assertThat(lifecycle.toString()).contains("holi-logs/").contains("audit/archive/");
    }
}
