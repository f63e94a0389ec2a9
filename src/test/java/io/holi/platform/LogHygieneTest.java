package io.holi.platform;

import org.junit.jupiter.api.parallel.Isolated;
import io.holi.HoliApplication;
import io.holi.testing.Api;
import io.holi.testing.FakeSentry;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PHI, tokens and passwords never reach the logs or Sentry: a whole workflow runs with unique marker strings
 * in every field, a bad sign-in, a malformed body and a server error whose database message quotes a patient's
 * name, and every captured line and every envelope sent to Sentry is searched for them.
 */
@ExtendWith(OutputCaptureExtension.class)
@Isolated("captures standard output or sets system properties")
class LogHygieneTest {

    private static FakeSentry sentry;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        sentry = new FakeSentry();
        app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + TestPostgres.newDatabase("logs").toUriWithPassword(),
                "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX, "--holi.auth.admin-email=admin@logs.test",
                "--holi.auth.admin-password=admin-password-for-tests", "--holi.sentry.dsn=" + sentry.dsn());
        api = Api.of(app);
    }

    @AfterAll
    static void stop() {
        app.close();
        sentry.close();
    }

    @Test
    void noMarkerTokenOrPasswordAppearsInAnyLogLineOrSentryEvent(CapturedOutput output) {
        String m = "MARK" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> secrets = new ArrayList<>();
        String admin = api.login("admin@logs.test", "admin-password-for-tests");
        secrets.add(admin);
        secrets.add("admin-password-for-tests");

        String clinicianPassword = "pw-" + m + "-clinician";
        secrets.add(clinicianPassword);
        api.post("/api/users", admin, Map.of("email", "doc@logs.test", "name", "Doc", "role", "CLINICIAN", "password", clinicianPassword));
        String doc = api.login("doc@logs.test", clinicianPassword);
        secrets.add(doc);

        String last = "Last" + m;
        UUID patient = UUID.fromString(api.post("/api/patients", doc, Map.of("firstName", "First" + m, "lastName", last,
                "dateOfBirth", "1980-01-01", "email", m + "@mail.example", "phone", "+1 555 0123", "address", "Street " + m,
                "nationalId", "NID-" + m)).json().get("id").asString());
        secrets.addAll(List.of("First" + m, last, m + "@mail.example", "Street " + m, "NID-" + m));
        api.get("/api/patients?query=" + last, doc);
        api.post("/api/patients/" + patient + "/notes", doc, Map.of("text", "note " + m));
        api.post("/api/patients/" + patient + "/prescriptions", doc, Map.of("medication", "Med" + m, "dosage", "1", "quantity", 1));
        api.post("/api/patients/" + patient + "/appointments", doc, Map.of("startsAt", Instant.now().plusSeconds(86400).toString(),
                "durationMinutes", 15, "clinicianId", api.get("/api/me", doc).json().get("id").asString(), "reason", "reason " + m));
        api.get("/api/patients/" + patient + "/export", doc);

        String wrongPassword = "wrong-" + m;
        secrets.add(wrongPassword);
        api.post("/api/auth/login", null, Map.of("email", "doc@logs.test", "password", wrongPassword));
        api.post("/api/auth/login", null, Map.of("email", "not-an-email " + m, "password", wrongPassword));
        api.post("/api/patients", doc, "{\"firstName\": \"Broken" + m + "\", ");
        api.post("/api/patients", doc, Map.of("firstName", "Unknown", "lastName", "Field", "dateOfBirth", "1980-01-01", "extra" + m, 1));
        api.get("/api/patients/" + patient, "garbage." + m + ".token");

        // a database error whose message quotes the patient's new name: the request fails with 500…
        JdbcTemplate sql = app.getBean(JdbcTemplate.class);
        sql.execute("""
                CREATE FUNCTION test_only_fail() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refusing %', NEW.last_name; END $$""");
        sql.execute("CREATE TRIGGER test_only_fail BEFORE UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION test_only_fail()");
        try {
            String failing = "Failing" + m;
            secrets.add(failing);
            Api.Response r = api.put("/api/patients/" + patient, doc, Map.of("firstName", "X", "lastName", failing, "dateOfBirth", "1980-01-01"));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).doesNotContain(failing).contains("requestId");
        } finally {
            sql.execute("DROP TRIGGER test_only_fail ON patients");
            sql.execute("DROP FUNCTION test_only_fail()");
        }

        // …and is reported to Sentry, scrubbed
        Awaitility.await("the error reached Sentry").atMost(Duration.ofMinutes(2)).until(() -> !sentry.envelopes().isEmpty());
        String sent = String.join("\n", sentry.envelopes());
        assertThat(sent).contains("UncategorizedSQLException");
        for (String s : secrets) {
            assertThat(sent).as("Sentry must not receive " + s).doesNotContain(s);
        }
        assertThat(sent).doesNotContain(m);

        String logs = output.getAll();
        for (String s : secrets) {
            assertThat(logs).as("the logs must not contain " + s).doesNotContain(s);
        }
        assertThat(logs).doesNotContain(m);
    }

    @Test
    void everyRequestLeavesOneStructuredLineWithRouteTemplateStatusDurationUserAndRequestId(CapturedOutput output) {
        String admin = api.login("admin@logs.test", "admin-password-for-tests");
        String adminId = api.get("/api/me", admin).json().get("id").asString();
        UUID unknown = UUID.randomUUID();
        Api.Response r = api.get("/api/users/" + unknown, admin);
        assertThat(r.status()).isEqualTo(404);
        JsonNode line = Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> output.getOut().lines()
                .filter(l -> l.startsWith("{") && l.contains(r.requestId()) && l.contains("\"io.holi.http\""))
                .map(l -> Api.JSON.readTree(l)).findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(line.get("http").get("route").asString()).isEqualTo("/api/users/{id}");
        assertThat(line.get("http").get("method").asString()).isEqualTo("GET");
        assertThat(line.get("http").get("status").asInt()).isEqualTo(404);
        assertThat(line.get("duration_ms").asDouble()).isPositive();
        assertThat(line.get("user").get("id").asString()).isEqualTo(adminId);
        assertThat(line.get("requestId").asString()).isEqualTo(r.requestId());
        assertThat(line.toString()).doesNotContain(unknown.toString());

        Api.Response denied = api.get("/api/patients/" + unknown, null);
        assertThat(output.getOut()).contains("\"http\":{\"method\":\"GET\",\"route\":\"/api/patients/{id}\",\"status\":401}");
        assertThat(denied.status()).isEqualTo(401);
    }
}
