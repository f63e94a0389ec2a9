package io.holi.status;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.holi.HoliApplication;
import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.BackupService;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.Maintenance;
import io.holi.status.internal.StatusSnapshots;
import io.holi.testing.Api;
import io.holi.testing.FakeAnthropic;
import io.holi.testing.S3Server;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page end to end: probes every second (instead of every minute), uptime from a synthetic history, a
 * maintenance window that opens and closes by itself, and the page published to a real S3-compatible server and read
 * back from it after holi has stopped.
 */
@Order(7) // one of the longest classes: started first (junit-platform.properties)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageTest {

    private static final String BUCKET = "clinic-status";
    private static S3Server s3;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static JdbcClient sql;
    private static FakeAnthropic ai;

    @BeforeAll
    static void start() throws Exception {
        DatabaseUrl db = TestPostgres.newDatabase("status");
        ai = new FakeAnthropic();
        s3 = S3Server.start(BUCKET, "clinic-objects");
        app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT,
                "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX, "--holi.clinic.name=Riverside Clinic",
                "--holi.storage.url=s3://clinic-objects", "--holi.storage.endpoint=" + s3.endpoint(), "--holi.storage.max-attempts=2",
                "--holi.status.url=s3://" + BUCKET + "/page", "--holi.status.public-url=https://status.riverside.example/",
                "--holi.status.probe=* * * * * *", "--holi.ops.schedule.enabled=false",
                "--holi.ai.anthropic-api-key=test-only-anthropic-key", "--holi.ai.base-url=" + ai.baseUrl(), "--holi.ai.timeout=2s",
                "--holi.status.vendor-check=0s");
        api = Api.of(app);
        sql = app.getBean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        if (app != null && app.isActive()) {
            app.close();
        }
        s3.close();
        ai.close();
    }

    private static JsonNode summary() {
        Api.Response r = api.get("/status/summary.json", null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static String component(JsonNode summary, String id) {
        for (JsonNode c : summary.get("components")) {
            if (c.get("id").asString().equals(id)) {
                return c.get("status").asString();
            }
        }
        throw new AssertionError("no component " + id + " in " + summary);
    }

    @Test
    @Order(1)
    void anyoneReadsThePageWithoutSigningInAndItSaysAllIsOperational() {
        Awaitility.await("the first probes").atMost(Duration.ofMinutes(1))
                .until(() -> sql.sql("SELECT count(DISTINCT minute) FROM holi_ops.status_probes").query(Long.class).single() > 0);
        // a new clinic has no backup yet: the daily checklist warns, and the page says backups are degraded
        Awaitility.await("backups degraded").atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(component(summary(), "backups")).isEqualTo("degraded_performance"));
        app.getBean(OperationRecords.class).record(BackupService.CREATE, "synthetic", Instant.now(), RunOutcome.SUCCESS, Map.of());
        Awaitility.await("backups operational").atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(component(summary(), "backups")).isEqualTo("operational"));
        Api.Response redirect = api.get("/status", null);
        assertThat(redirect.status()).isEqualTo(302);
        Api.Response page = api.get("/status/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Riverside Clinic status", "All Systems Operational", "Web application", "Audit trail",
                "Operational", "summary.json", "feed.atom");
        assertThat(page.header("Set-Cookie")).as("the page makes no session").isNull();
        JsonNode s = summary();
        assertThat(s.get("page").get("name").asString()).isEqualTo("Riverside Clinic");
        assertThat(s.get("status").get("indicator").asString()).isEqualTo("none");
        for (StatusComponent c : StatusComponent.values()) {
            assertThat(component(s, c.id())).as(c.id()).isEqualTo("operational");
        }
        assertThat(s.get("incidents")).isEmpty();
        assertThat(ai.requests()).as("the probe asks for the model, and sends no note").isEmpty();
        assertThat(api.get("/status/status.css", null).header("Content-Type")).startsWith("text/css");
        assertThat(api.get("/status/feed.atom", null).header("Content-Type")).startsWith("application/atom+xml");
    }

    @Test
    @Order(2)
    void aiSummariesAreShownWhenConfiguredAndFollowTheAiService() {
        ai.mode(FakeAnthropic.Mode.OVERLOADED);
        Awaitility.await("AI summaries partly out").atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(component(summary(), "ai-summaries")).isEqualTo("partial_outage"));
        assertThat(component(summary(), "web-application")).isEqualTo("operational");
        ai.mode(FakeAnthropic.Mode.OK);
        Awaitility.await("AI summaries back").atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(component(summary(), "ai-summaries")).isEqualTo("operational"));
        assertThat(api.get("/status/", null).body()).contains("Connected services", "AI summaries");
    }

    @Test
    @Order(2)
    void uptimeBarsRollUpFromTheMinutesProbedAndAMinuteNobodyRecordedCountsAsDown() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate bad = today.minusDays(4);
        LocalDate maintained = today.minusDays(3);
        LocalDate silent = today.minusDays(2); // no probe at all: every instance was down
        List<Object[]> rows = new ArrayList<>();
        for (int m = 0; m < 1440; m++) {
            String state = m < 30 ? "major_outage" : m < 130 ? "partial_outage" : m < 190 ? "degraded_performance" : "operational";
            rows.add(new Object[]{Timestamp.from(bad.atStartOfDay(ZoneOffset.UTC).toInstant().plus(m, ChronoUnit.MINUTES)), state});
            rows.add(new Object[]{Timestamp.from(maintained.atStartOfDay(ZoneOffset.UTC).toInstant().plus(m, ChronoUnit.MINUTES)),
                    m < 120 ? "under_maintenance" : "operational"});
        }
        for (Object[] r : rows) {
            sql.sql("INSERT INTO holi_ops.status_probes (minute, component, state, instance) VALUES (?, 'api', ?, 'synthetic')")
                    .params(r[0], r[1]).update();
        }
        app.getBean(StatusSnapshots.class).rollUp(bad);

        StatusView v = app.getBean(StatusPage.class).view(Instant.now());
        StatusView.Component apiComponent = v.groups().stream().flatMap(g -> g.components().stream())
                .filter(c -> c.component() == StatusComponent.API).findFirst().orElseThrow();
        assertThat(apiComponent.days()).hasSize(90);
        StatusView.Day badDay = apiComponent.days().get(85);
        assertThat(badDay.day()).isEqualTo(bad);
        // 30 min down + 100 min partial × 0.3 = 60 of 1440 minutes: 95.83 %; degraded minutes count as up
        assertThat(badDay.uptime()).isEqualTo("95.83 %");
        assertThat(badDay.state()).isEqualTo(ComponentState.MAJOR_OUTAGE);
        assertThat(badDay.label()).contains("30 min major outage", "100 min partial outage", "60 min degraded");
        StatusView.Day maintainedDay = apiComponent.days().get(86);
        assertThat(maintainedDay.uptime()).isEqualTo("100.00 %");
        assertThat(maintainedDay.label()).contains("120 min maintenance");
        StatusView.Day silentDay = apiComponent.days().get(87);
        assertThat(silentDay.day()).isEqualTo(silent);
        assertThat(silentDay.uptime()).isEqualTo("0.00 %");
        assertThat(apiComponent.days().get(84).hasData()).as("before the first probe ever").isFalse();
        assertThat(apiComponent.monthUptime()).isNotEmpty();
        assertThat(api.get("/status/", null).body()).contains(badDay.label());
    }

    @Test
    @Order(3)
    void aMaintenanceWindowOpensAndClosesByItselfWithMaintenanceMode() {
        MaintenanceWindows windows = app.getBean(MaintenanceWindows.class);
        Maintenance maintenance = app.getBean(Maintenance.class);
        Instant start = Instant.now().plusSeconds(3);
        MaintenanceWindows.Window w = windows.schedule("Database upgrade", "Sign-in is unavailable meanwhile.", start, start.plusSeconds(5),
                EnumSet.of(StatusComponent.DATABASE, StatusComponent.WEB_APPLICATION), true, "test");
        Awaitility.await("the window announced").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(summary().get("scheduled_maintenances").toString()).contains("Database upgrade", "\"scheduled\""));
        Awaitility.await("the window started by holi").atMost(Duration.ofMinutes(1)).until(() -> maintenance.current().active());
        assertThat(api.get("/api/health/ready", null).status()).isEqualTo(200);
        assertThat(api.get("/login", null).status()).isEqualTo(200);
        Awaitility.await("the page says so").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode s = summary(); // answered in maintenance mode too
            assertThat(component(s, "database")).isEqualTo("under_maintenance");
            assertThat(component(s, "api")).isEqualTo("under_maintenance");
            assertThat(s.get("status").get("indicator").asString()).isEqualTo("maintenance");
        });
        Awaitility.await("the window completed by holi").atMost(Duration.ofMinutes(1)).until(() -> !maintenance.current().active()
                && windows.find(w.id()).orElseThrow().status() == MaintenanceWindows.Status.COMPLETED);
        Awaitility.await("the page back to operational").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(summary().get("status").get("indicator").asString()).isEqualTo("none"));
        assertThat(sql.sql("SELECT count(*) FROM holi_ops.operation_runs WHERE kind LIKE 'status.maintenance.%' AND subject = ?")
                .param(w.id().toString()).query(Long.class).single()).as("scheduled, started, completed").isEqualTo(3);
    }

    @Test
    @Order(4)
    void aWindowThatMakesNoSenseIsRefusedWithTheReason() {
        MaintenanceWindows windows = app.getBean(MaintenanceWindows.class);
        Instant t = Instant.now().plusSeconds(3600);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> windows.schedule("x", "", t, t.minusSeconds(1),
                EnumSet.of(StatusComponent.API), false, "test"))).hasMessageContaining("must end after it starts");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> windows.schedule("x", "", t, t.plus(Duration.ofHours(25)),
                EnumSet.of(StatusComponent.API), false, "test"))).hasMessageContaining("at most 24 hours");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> windows.schedule("x", "", t, t.plusSeconds(60),
                EnumSet.noneOf(StatusComponent.class), false, "test"))).hasMessageContaining("name the components");
    }

    @Test
    @Order(5)
    void thePublishedPageIsReadFromS3AfterHoliStoppedAndItsFeedParses() throws Exception {
        Instant before = Instant.now();
        Awaitility.await("a publication after now").atMost(Duration.ofMinutes(1)).until(() ->
                s3.file(BUCKET, "page/summary.json").toFile().lastModified() >= before.toEpochMilli());
        app.close();
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .build()) {
            ResponseBytes<GetObjectResponse> page = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("page/index.html"));
            assertThat(page.response().contentType()).startsWith("text/html");
            assertThat(page.asUtf8String()).contains("Riverside Clinic status", "Web application");
            JsonNode summary = JsonMapper.builder().build().readTree(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("page/summary.json")).asByteArray());
            assertThat(summary.get("page").get("url").asString()).isEqualTo("https://status.riverside.example/");
            assertThat(summary.get("components")).hasSizeGreaterThan(StatusComponent.values().length);
            byte[] atom = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("page/feed.atom")).asByteArray();
            SyndFeed feed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(atom)));
            assertThat(feed.getTitle()).isEqualTo("Riverside Clinic status");
            assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).anySatisfy(t -> assertThat(t).contains("Maintenance: Database upgrade"));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("page/status.css")).response().contentType()).startsWith("text/css");
        }
    }
}
