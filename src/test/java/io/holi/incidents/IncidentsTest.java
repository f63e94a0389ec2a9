package io.holi.incidents;

import io.holi.testing.TempDirs;
import io.holi.HoliApplication;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditChain;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditRecord;
import io.holi.audit.AuditTrail;
import io.holi.platform.Check;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.HoliException;
import io.holi.platform.OperationalCheck;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import io.holi.testing.Api;
import io.holi.testing.BackgroundProcess;
import io.holi.testing.CliRunner;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Incidents end to end against a real database, with a real Prometheus firing a rule into a real Alertmanager (loaded
 * with the shipped configuration) that calls holi's webhook, the status page reading the public updates, and the timeline found in a verified audit chain.
 */
class IncidentsTest {

    private static final String TOKEN = "test-only-alertmanager-token";
    private static DatabaseUrl db;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static JdbcClient sql;
    private static Incidents incidents;
    private static BreachAssessments breaches;
    private static BackgroundProcess alertmanager;

    @BeforeAll
    static void start() throws Exception {
        db = TestPostgres.newDatabase("incidents");
        app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT,
                "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX, "--holi.incidents.alertmanager-token=" + TOKEN,
                "--holi.storage.url=" + TempDirs.directory("holi-incidents").toUri(),
                "--holi.status.probe=* * * * * *", "--holi.ops.schedule.enabled=false");
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        api = new Api(port);
        sql = app.getBean(JdbcClient.class);
        incidents = app.getBean(Incidents.class);
        breaches = app.getBean(BreachAssessments.class);

        // the shipped Alertmanager configuration, pointed at this holi and its token
        Path dir = TempDirs.directory("holi-am");
        Files.writeString(dir.resolve("token"), TOKEN);
        String config = Files.readString(Path.of("deploy/alertmanager/alertmanager.yml"))
                .replace("https://holi.internal/api/incidents/alertmanager", "http://127.0.0.1:" + port + "/api/incidents/alertmanager")
                .replace("/etc/alertmanager/secrets/holi-alertmanager-token", dir.resolve("token").toString());
        Files.writeString(dir.resolve("am.yml"), config);
        int amPort = BackgroundProcess.freePort();
        alertmanager = BackgroundProcess.start("alertmanager", List.of(BackgroundProcess.program("prometheus-alertmanager",
                "prometheus-alertmanager"), "--config.file=" + dir.resolve("am.yml"), "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address="), Map.of(), amPort);
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static Incidents.Declaration declaration(String title, IncidentType type, Severity severity, Instant discovered) {
        return new Incidents.Declaration(title, type, severity, "oncall@clinic.test", "what we know", Set.of(), null, null, null, discovered);
    }

    @Test
    void theTimelineIsAuditRecordsAndTheyAreInAVerifiedChain() {
        Incident i = incidents.declare(declaration("Sign-in fails for some users", IncidentType.AVAILABILITY, Severity.SEV3, null));
        incidents.move(i.reference(), IncidentStatus.INVESTIGATING, "looking at the logs");
        incidents.note(i.reference(), "the identity provider answers slowly");
        List<AuditRecord> timeline = incidents.timeline(i.id());
        assertThat(timeline).extracting(AuditRecord::action).containsOnly(AuditAction.INCIDENT.name());
        assertThat(timeline).extracting(r -> r.details().get("event")).containsExactly("declared", "status", "note");
        assertThat(timeline.get(1).details().get("text")).isEqualTo("Declared → Investigating: looking at the logs");

        AuditChain chain = app.getBean(AuditChain.class);
        chain.seal();
        var verified = chain.verify();
        assertThat(verified.ok()).isTrue();
        long lastSealed = sql.sql("SELECT max(last_id) FROM holi_ops.audit_seals").query(Long.class).single();
        assertThat(timeline).allSatisfy(r -> assertThat(r.id()).isLessThanOrEqualTo(lastSealed));
    }

    @Test
    void anIncidentOnlyMovesForwardAndASev2ClosesOnlyWithItsPostmortem() {
        Incident i = incidents.declare(declaration("Charts do not load", IncidentType.AVAILABILITY, Severity.SEV2, null));
        incidents.move(i.reference(), IncidentStatus.CONTAINED, null);
        assertThat(catchThrowable(() -> incidents.move(i.reference(), IncidentStatus.INVESTIGATING, null)))
                .hasMessageContaining("only moves forward");
        assertThat(catchThrowable(() -> incidents.move(i.reference(), IncidentStatus.CLOSED, null))).hasMessageContaining("resolved before");
        incidents.move(i.reference(), IncidentStatus.RESOLVED, "rolled back the deploy");
        assertThat(catchThrowable(() -> incidents.move(i.reference(), IncidentStatus.CLOSED, null))).hasMessageContaining("postmortem");
        incidents.addAction(i.reference(), "Add a browser test for the chart page", "dev@clinic.test", LocalDate.now().plusDays(7));
        incidents.postmortem(i.reference(), new Incident.Postmortem("A query lost its index in the migration", "The P1 alert after 3 minutes",
                "Rollback took 4 minutes", "No test covered the chart page's query plan"));
        Incident closed = incidents.move(i.reference(), IncidentStatus.CLOSED, null);
        assertThat(closed.closedAt()).isNotNull();
        assertThat(closed.containedAt()).isBeforeOrEqualTo(closed.resolvedAt());
        String md = app.getBean(Postmortems.class).markdown(i.reference());
        assertThat(md).contains("# Postmortem: " + i.reference() + " — Charts do not load", "## Timeline", "Contained → Resolved: rolled back",
                "## Root cause", "A query lost its index", "## Action items", "- [ ] Add a browser test", "Blameless",
                "PHI: not a security/privacy incident");
    }

    @Test
    void aIncidentUpdatePutsTheIncidentOnTheStatusPageWithoutItsInternalTitle() throws Exception {
        Incident i = incidents.declare(new Incidents.Declaration("Dr. Marlowe's laptop stolen from the car", IncidentType.AVAILABILITY,
                Severity.SEV2, "oncall@clinic.test", "", EnumSet.of(StatusComponent.WEB_APPLICATION), ComponentState.PARTIAL_OUTAGE, null, null, null));
        assertThat(summaryIncident(i.id())).as("no public update yet: not on the page").isNull();
        assertThat(catchThrowable(() -> incidents.publicUpdate(i.reference(), "investigating", "Write to marlowe@clinic.test for details")))
                .isInstanceOf(HoliException.class).hasMessageContaining("must not contain an email address");
        incidents.publicUpdate(i.reference(), "investigating", "Some staff cannot open patient charts. We are investigating.");
        Awaitility.await("the page shows it").atMost(Duration.ofMinutes(1)).until(() -> summaryIncident(i.id()) != null);
        JsonNode shown = summaryIncident(i.id());
        assertThat(shown.get("name").asString()).isEqualTo("Partial outage: Web application").doesNotContain("Marlowe");
        assertThat(shown.get("impact").asString()).isEqualTo("major");
        assertThat(shown.get("incident_updates").get(0).get("body").asString()).startsWith("Some staff cannot open");
        Awaitility.await("the component follows the incident").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(component("web-application")).isEqualTo("partial_outage"));
        assertThat(api.get("/status/", null).body()).contains("Some staff cannot open patient charts").doesNotContain("Marlowe");

        incidents.publicUpdate(i.reference(), "resolved", "Charts open again for everyone.");
        assertThat(incidents.find(i.reference()).status()).isEqualTo(IncidentStatus.RESOLVED);
        Awaitility.await("the component back to operational").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(component("web-application")).isEqualTo("operational"));
        assertThat(api.get("/status/feed.atom", null).body()).contains("Charts open again for everyone.");
    }

    private static JsonNode summaryIncident(UUID id) {
        for (JsonNode n : api.get("/status/summary.json", null).json().get("incidents")) {
            if (n.get("id").asString().equals(id.toString())) {
                return n;
            }
        }
        return null;
    }

    private static String component(String id) {
        for (JsonNode c : api.get("/status/summary.json", null).json().get("components")) {
            if (c.get("id").asString().equals(id)) {
                return c.get("status").asString();
            }
        }
        throw new AssertionError(id);
    }

    @Test
    void aBreachIsAssessedFromItsAuditRecordsWithDeadlinesRemindersAndTheWeeklyCheck() {
        Instant discovered = LocalDate.now(ZoneOffset.UTC).minusDays(46).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Incident i = incidents.declare(declaration("Records viewed by a former employee's account", IncidentType.SECURITY_PRIVACY,
                Severity.SEV2, discovered));
        AuditTrail audit = app.getBean(AuditTrail.class);
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        for (UUID p : List.of(p1, p2, p1)) {
            audit.record(AuditEvent.of(AuditAction.READ).resource("patient", p).patient(p).build());
        }
        List<Long> ids = sql.sql("SELECT id FROM audit_logs WHERE patient_id IN (?, ?) ORDER BY id").params(p1, p2).query(Long.class).list();
        assertThat(ids).hasSize(3);
        for (Long id : ids) {
            incidents.link(i.reference(), Incidents.LinkKind.AUDIT_RECORD, id.toString(), "read by the account");
        }
        assertThat(catchThrowable(() -> incidents.link(i.reference(), Incidents.LinkKind.AUDIT_RECORD, "999999999", "")))
                .hasMessageContaining("no audit record");

        BreachAssessments.Report r = breaches.report(i.reference());
        assertThat(r.affectedFromAuditRecords()).isEqualTo(2);
        assertThat(r.assessment().affectedPatients()).isEqualTo(2);
        assertThat(catchThrowable(() -> breaches.decide(i.reference(), BreachAssessments.Decision.NOT_A_BREACH, "only two charts")))
                .hasMessageContaining("assess all four");
        breaches.assess(i.reference(), new BreachAssessments.Factors("names, dates of birth, diagnoses", "a former employee", "viewed, not copied",
                "account disabled, person contacted", null, null, Map.of("NY", 2)));
        breaches.decide(i.reference(), BreachAssessments.Decision.BREACH, "PHI viewed by someone no longer entitled to it");
        r = breaches.report(i.reference());
        BreachAssessments.DeadlineState individuals = r.deadlines().stream()
                .filter(d -> d.deadline().recipient() == BreachDeadlines.Recipient.INDIVIDUALS).findFirst().orElseThrow();
        assertThat(individuals.deadline().due()).isEqualTo(LocalDate.ofInstant(discovered, ZoneOffset.UTC).plusDays(60));
        assertThat(individuals.daysLeft()).isEqualTo(14);
        assertThat(r.deadlines().stream().filter(d -> d.deadline().recipient() == BreachDeadlines.Recipient.HHS).findFirst().orElseThrow()
                .deadline().annualLog()).isTrue();

        // the weekly checklist names the notice due within 15 days
        List<Check> weekly = app.getBeansOfType(OperationalCheck.class).values().stream().filter(c -> c.name().equals("Incidents"))
                .findFirst().orElseThrow().run();
        Check due = weekly.stream().filter(c -> c.name().startsWith("Breach notices")).findFirst().orElseThrow();
        assertThat(due.status()).isEqualTo(Check.Status.WARNING);
        assertThat(due.value()).contains(i.reference() + " individuals by " + individuals.deadline().due(), "14 days left");

        // day 46: the 45-day reminder, once
        List<String> sent = breaches.sendReminders(LocalDate.now(ZoneOffset.UTC));
        assertThat(sent).anySatisfy(s -> assertThat(s).startsWith(i.reference()));
        assertThat(breaches.sendReminders(LocalDate.now(ZoneOffset.UTC))).noneSatisfy(s -> assertThat(s).startsWith(i.reference()));
        assertThat(sql.sql("SELECT day FROM holi_ops.breach_reminders WHERE incident_id = ?").param(i.id()).query(Integer.class).list())
                .containsExactly(45);

        breaches.notified(i.reference(), BreachDeadlines.Recipient.INDIVIDUALS, Instant.now(), "first-class mail", null);
        assertThat(breaches.report(i.reference()).deadlines().get(0).sent()).isPresent();
        assertThat(incidents.timeline(i.id())).extracting(t -> t.details().get("event"))
                .contains("breach-assessment", "breach-decision", "breach-reminder", "breach-notice");
    }

    @Test
    void aRuleFiringInARealPrometheusOpensOneIncidentThroughTheShippedAlertmanagerNotTwo() throws Exception {
        // a critical rule that fires now and resolves by itself 25 s later, evaluated every second
        long until = Instant.now().plusSeconds(25).getEpochSecond();
        Path dir = TempDirs.directory("holi-prom");
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: incident_test
                    interval: 1s
                    rules:
                      - alert: ClinicDatabaseDownDrill
                        expr: vector(time()) < %d
                        labels:
                          severity: critical
                        annotations:
                          summary: "PostgreSQL is down (drill)"
                """.formatted(until));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(alertmanager.port()));
        int promPort = BackgroundProcess.freePort();
        try (BackgroundProcess prometheus = BackgroundProcess.start("prometheus", List.of(BackgroundProcess.program("prometheus", "prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                // its first notice can go before it has found the Alertmanager: resend every second, not every minute
                "--rules.alert.resend-delay=1s", "--web.listen-address=127.0.0.1:" + promPort), Map.of(), promPort)) {
            Awaitility.await("Prometheus → Alertmanager → holi").atMost(Duration.ofMinutes(2)).until(() -> count("ClinicDatabaseDownDrill") == 1);
            String fingerprint = sql.sql("SELECT alert_fingerprint FROM holi_ops.incidents WHERE title LIKE 'Alert ClinicDatabaseDownDrill%'")
                    .query(String.class).single();
            // Alertmanager retries and repeats: the same alert again finds the incident it opened
            String replay = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":"
                    + "\"ClinicDatabaseDownDrill\",\"severity\":\"critical\"},\"annotations\":{},\"startsAt\":\"" + Instant.now()
                    + "\",\"fingerprint\":\"" + fingerprint + "\"}]}";
            assertThat(webhook(replay, TOKEN).statusCode()).isEqualTo(200);
            assertThat(webhook(replay, "wrong-token").statusCode()).isEqualTo(401);
            assertThat(count("ClinicDatabaseDownDrill")).isEqualTo(1);
            // when the rule stops firing, the resolution goes on the same incident's timeline
            Incident i = incidents.find(sql.sql("SELECT id FROM holi_ops.incidents WHERE alert_fingerprint = ?").param(fingerprint)
                    .query(UUID.class).single().toString());
            Awaitility.await("the resolved notice").atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                    assertThat(incidents.timeline(i.id())).anySatisfy(r -> assertThat(String.valueOf(r.details().get("text"))).endsWith("resolved")));
            assertThat(count("ClinicDatabaseDownDrill")).isEqualTo(1);
            assertThat(i.severity()).isEqualTo(Severity.SEV2);
            assertThat(i.title()).isEqualTo("Alert ClinicDatabaseDownDrill: PostgreSQL is down (drill)");
            assertThat(incidents.links(i.id())).extracting(l -> l.kind() + " " + l.ref()).containsExactly("ALERT " + fingerprint);
        }
    }

    private static long count(String alertname) {
        return sql.sql("SELECT count(*) FROM holi_ops.incidents WHERE title LIKE ?").param("Alert " + alertname + "%").query(Long.class).single();
    }

    private static HttpResponse<String> webhook(String body, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.uri("/api/incidents/alertmanager")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCommandLineDeclaresUpdatesAndWritesThePostmortem() {
        // an operator's holi beside the running server, on its database and keys: run in that application
        CliRunner.Run declared = CliRunner.runIn(app, "", "incident", "declare", "--title", "Backups failing since Tuesday", "--type", "DATA_INTEGRITY",
                "--severity", "SEV3", "--commander", "ops@clinic.test", "--components", "backups", "--impact", "degraded_performance");
        assertThat(declared.exitCode()).as(declared.err()).isZero();
        String ref = declared.out().replaceAll("(?s).*Declared (INC-\\d+).*", "$1");
        CliRunner.Run updated = CliRunner.runIn(app, "", "incident", "update", ref, "--status", "investigating", "--note", "disk full on the backup host",
                "--action", "Alert on backup disk usage", "--owner", "ops@clinic.test", "--due", "2026-12-31");
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(updated.out()).contains(ref, "Investigating");
        CliRunner.Run bad = CliRunner.runIn(app, "", "incident", "update", ref, "--status", "declared");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("only moves forward");
        CliRunner.Run wrongSeverity = CliRunner.runIn(app, "", "incident", "declare", "--title", "x", "--type", "AVAILABILITY", "--severity", "SEV9",
                "--commander", "a@b.c");
        assertThat(wrongSeverity.exitCode()).isEqualTo(2);
        CliRunner.Run list = CliRunner.runIn(app, "", "incident", "list", "--open");
        assertThat(list.out()).contains(ref, "SEV3", "Backups failing since Tuesday");
        CliRunner.Run pm = CliRunner.runIn(app, "", "incident", "postmortem", ref);
        assertThat(pm.out()).contains("# Postmortem: " + ref, "disk full on the backup host", "Alert on backup disk usage");
    }

    @Test
    void theComplianceEvidenceHoldsEachIncidentOfThePeriodWithItsPostmortem() throws Exception {
        Incident i = incidents.declare(declaration("Evidence incident", IncidentType.SECURITY_PRIVACY, Severity.SEV3, null));
        Path zip = TempDirs.directory("holi-evidence").resolve("evidence.zip");
        app.getBean(io.holi.ops.ComplianceEvidence.class).export(Instant.now().minus(Duration.ofDays(1)), Instant.now().plusSeconds(60), zip);
        Map<String, String> entries = new HashMap<>();
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(entries.get("incidents/" + i.reference() + ".json")).contains("Evidence incident", "breachAssessment", "timelineAuditRecordIds");
        assertThat(entries.get("incidents/" + i.reference() + "-postmortem.md")).startsWith("# Postmortem: " + i.reference());
        assertThat(entries.get("index.md")).contains("Incidents open in the period:");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThat(catchThrowable(() -> incidents.declare(declaration(" ", IncidentType.AVAILABILITY, Severity.SEV4, null))))
                .hasMessageContaining("title is required");
        assertThat(catchThrowable(() -> incidents.declare(declaration("x", IncidentType.AVAILABILITY, Severity.SEV4,
                Instant.now().plus(Duration.ofDays(1)))))).hasMessageContaining("cannot be in the future");
        assertThat(catchThrowable(() -> incidents.find("INC-999999"))).hasMessageContaining("no incident INC-999999");
        assertThat(catchThrowable(() -> incidents.find("yesterday's outage"))).hasMessageContaining("is not an incident");
        Incident i = incidents.declare(declaration("A question", IncidentType.AVAILABILITY, Severity.SEV4, null));
        assertThat(catchThrowable(() -> breaches.assess(i.reference(), new BreachAssessments.Factors(null, null, null, null, null, 1, null))))
                .hasMessageContaining("not a security/privacy incident");
        assertThat(sql.sql("SELECT count(*) FROM holi_ops.incidents WHERE title = 'x'").query(Long.class).single()).isZero();
    }
}
