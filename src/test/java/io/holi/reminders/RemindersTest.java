package io.holi.reminders;

import io.holi.testing.TempDirs;
import static org.assertj.core.api.Assertions.assertThat;

import io.holi.HoliApplication;
import io.holi.reminders.internal.ReminderWorker;
import io.holi.testing.Api;
import io.holi.testing.FakeMessaging;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import io.holi.platform.DatabaseUrl;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Appointment reminders end to end, through the vendors' own SDKs against a local server that speaks Twilio's and
 * Resend's APIs: sent once with three workers competing, retried after 503s, not sent without consent or without a
 * signed BAA, voided by a cancellation, delivery webhooks verified by signature, STOP by text, and the patient's link
 * used once. The worker is driven by the test ({@code poll-interval=0}); "time passes" by moving a reminder's due time.
 */
@SpringBootTest(classes = HoliApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RemindersTest {

    static final String ADMIN = "admin@reminders.test";
    static final String ADMIN_PASSWORD = "admin-password-for-reminders";
    static final String TWILIO_TOKEN = "test-twilio-auth-token-not-a-real-one";
    static final String RESEND_SECRET = "whsec_" + Base64.getEncoder().encodeToString("test-resend-webhook-secret-32byte".getBytes(StandardCharsets.UTF_8));
    static final String PUBLIC = "https://clinic.example.org";
    static final DatabaseUrl DATABASE = TestPostgres.newDatabase("reminders");
    static final FakeMessaging VENDORS = start();
    static final Path COMPLIANCE = compliance();

    static FakeMessaging start() {
        try {
            return new FakeMessaging();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path compliance() {
        try {
            Path dir = TempDirs.directory("holi-compliance");
            signed(dir, true, true);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void signed(Path dir, boolean twilio, boolean resend) {
        try {
            Files.writeString(dir.resolve("vendors.yml"), "vendors:\n"
                    + "  - {name: Twilio, baa: required, baa_signed: " + (twilio ? "2026-01-15" : "null") + "}\n"
                    + "  - {name: Resend, baa: required, baa_signed: " + (resend ? "2026-01-15" : "null") + "}\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("holi.database.url", DATABASE::toUriWithPassword);
        r.add("holi.auth.jwt-secret", () -> TestKeys.JWT);
        r.add("holi.auth.admin-email", () -> ADMIN);
        r.add("holi.auth.admin-password", () -> ADMIN_PASSWORD);
        r.add("holi.crypto.encryption-key", () -> TestKeys.FIELD_V1);
        r.add("holi.crypto.blind-index-key", () -> TestKeys.BLIND_INDEX);
        r.add("holi.health.metrics-token", () -> TestKeys.METRICS);
        r.add("holi.clinic.name", () -> "Riverside Clinic");
        r.add("holi.clinic.time-zone", () -> "America/New_York");
        r.add("holi.ops.compliance-dir", COMPLIANCE::toString);
        r.add("holi.reminders.public-url", () -> PUBLIC);
        r.add("holi.reminders.poll-interval", () -> "0");
        r.add("holi.reminders.retry-backoff", () -> "1s");
        r.add("holi.reminders.twilio.account-sid", () -> "ACtest00000000000000000000000000000");
        r.add("holi.reminders.twilio.auth-token", () -> TWILIO_TOKEN);
        r.add("holi.reminders.twilio.from", () -> "+15005550006");
        r.add("holi.reminders.twilio.base-url", VENDORS::baseUrl);
        r.add("holi.reminders.resend.api-key", () -> "re_test_not_a_real_key");
        r.add("holi.reminders.resend.from", () -> "Riverside Clinic <reminders@clinic.example.org>");
        r.add("holi.reminders.resend.webhook-secret", () -> RESEND_SECRET);
        r.add("holi.reminders.resend.base-url", VENDORS::baseUrl);
        r.add("holi.rate-limit.login-per-minute", () -> "1000000");
        r.add("holi.rate-limit.per-ip-per-minute", () -> "1000000");
        r.add("holi.rate-limit.per-user-per-minute", () -> "1000000");
        r.add("holi.rate-limit.anonymous-audit-per-minute", () -> "1000000");
        r.add("holi.rate-limit.anonymous-audit-total-per-minute", () -> "1000000");
    }

    @AfterAll
    static void stop() {
        VENDORS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate sql;
    @Autowired
    ReminderWorker worker;
    @Autowired
    io.holi.scheduling.AppointmentService appointments;

    Api api;
    String admin;
    static Api.User clinician;
    static String clinicianToken;
    static final AtomicInteger SLOT = new AtomicInteger();

    @BeforeEach
    void connect() {
        api = new Api(port);
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        synchronized (RemindersTest.class) {
            if (clinician == null) {
                clinician = api.createUser(admin, "CLINICIAN");
                clinicianToken = api.login(clinician.email(), clinician.password());
            }
        }
        VENDORS.clear();
        VENDORS.unavailableFor(0);
        signed(COMPLIANCE, true, true);
    }

    // --- helpers

    UUID patient(String first, String phone, String email, boolean sms, boolean mail) {
        Api.Response p = api.post("/api/patients", clinicianToken, Map.of("firstName", first, "lastName", "Secretsurname",
                "dateOfBirth", "1980-02-03", "phone", phone, "email", email));
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        UUID id = UUID.fromString(p.json().get("id").asString());
        if (sms) {
            consent(id, "SMS", true);
        }
        if (mail) {
            consent(id, "EMAIL", true);
        }
        return id;
    }

    void consent(UUID patient, String channel, boolean in) {
        Api.Response r = api.put("/api/patients/" + patient + "/reminders/consent/" + channel, clinicianToken, Map.of("optedIn", in));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    UUID book(UUID patient) {
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(SLOT.incrementAndGet() * 40L, ChronoUnit.MINUTES);
        Api.Response r = api.post("/api/patients/" + patient + "/appointments", clinicianToken, Map.of("startsAt", start.toString(),
                "durationMinutes", 30, "clinicianId", clinician.id().toString(), "reason", "Secret reason: chest pain"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    /** The clock moves on: the appointment's reminders are due now. */
    void due(UUID appointment) {
        sql.update("UPDATE reminders SET next_attempt_at = now() - interval '1 second', due_at = now() - interval '1 second' "
                + "WHERE appointment_id = ? AND status = 'PENDING'", appointment);
    }

    List<Map<String, Object>> rows(UUID appointment) {
        return sql.queryForList("SELECT channel, offset_minutes, status, attempts, outcome, error, provider_message_id "
                + "FROM reminders WHERE appointment_id = ? ORDER BY channel, offset_minutes", appointment);
    }

    Map<String, Object> row(UUID appointment, String channel) {
        return sql.queryForMap("SELECT * FROM reminders WHERE appointment_id = ? AND channel = ? AND offset_minutes = 120", appointment, channel);
    }

    void dueOnly(UUID appointment, String channel) {
        sql.update("UPDATE reminders SET next_attempt_at = now() - interval '1 second' WHERE appointment_id = ? AND channel = ? "
                + "AND offset_minutes = 120 AND status = 'PENDING'", appointment, channel);
    }

    static String twilioSignature(String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    Api.Response twilio(String path, Map<String, String> params, String signature) {
        String form = params.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return api.send(HttpRequest.newBuilder(URI.create(api.uri(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    Api.Response resend(String json, String id, long timestamp, String signature) {
        return api.send(HttpRequest.newBuilder(URI.create(api.uri("/api/reminders/webhooks/resend"))).header("Content-Type", "application/json")
                .header("svix-id", id).header("svix-timestamp", Long.toString(timestamp)).header("svix-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static String svix(String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(RESEND_SECRET.substring(6)), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    long audits(String action, UUID appointment) {
        return sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = ? AND resource_id = ?", Long.class, action, appointment);
    }

    // --- the tests

    @Test
    void aBookingCreatesItsRemindersAndEachGoesExactlyOnceWithThreeWorkersCompeting() throws Exception {
        List<UUID> appointments = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID p = patient("Ana" + i, "(555) 010-" + String.format("%04d", 2000 + i), "ana" + i + "@example.org", true, true);
            appointments.add(book(p));
        }
        for (UUID a : appointments) {
            assertThat(rows(a)).extracting(m -> m.get("channel") + " " + m.get("offset_minutes") + " " + m.get("status"))
                    .containsExactly("EMAIL 120 PENDING", "EMAIL 1440 PENDING", "SMS 120 PENDING", "SMS 1440 PENDING");
            due(a);
        }
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(CompletableFuture.supplyAsync(worker::drain));
        }
        int handled = workers.stream().mapToInt(CompletableFuture::join).sum();
        assertThat(handled).isEqualTo(12 * 4);
        List<FakeMessaging.Sent> sent = VENDORS.sent();
        assertThat(sent).hasSize(12 * 4);
        assertThat(sent.stream().map(FakeMessaging.Sent::id).distinct()).hasSize(12 * 4);
        for (UUID a : appointments) {
            assertThat(rows(a)).allSatisfy(m -> {
                assertThat(m.get("status")).isEqualTo("SENT");
                assertThat(m.get("attempts")).isEqualTo(1);
                assertThat(m.get("provider_message_id")).isNotNull();
            });
            assertThat(audits("REMINDER", a)).isEqualTo(4);
        }
        FakeMessaging.Sent sms = sent.stream().filter(s -> s.vendor().equals("twilio")).findFirst().orElseThrow();
        assertThat(sms.to()).matches("\\+1555010\\d{4}");
        assertThat(sms.fields()).containsEntry("From", "+15005550006")
                .containsEntry("StatusCallback", PUBLIC + "/api/reminders/webhooks/twilio/status");
        assertThat(sms.text()).startsWith("Hi Ana").contains("Riverside Clinic").contains(PUBLIC + "/r/")
                .doesNotContain("Secretsurname").doesNotContain("chest pain").doesNotContain("Secret reason");
        FakeMessaging.Sent email = sent.stream().filter(s -> s.vendor().equals("resend")).findFirst().orElseThrow();
        assertThat(email.fields()).containsEntry("from", "Riverside Clinic <reminders@clinic.example.org>");
        assertThat(email.fields().get("subject")).startsWith("Your appointment at Riverside Clinic on ");
        assertThat(email.text()).doesNotContain("Secretsurname").doesNotContain("chest pain");
        assertThat(email.idempotencyKey()).startsWith("reminder-");
        // the audit names the appointment and the channel, never the text or the address
        String details = sql.queryForObject("SELECT string_agg(details::text, ' ') FROM audit_logs WHERE action = 'REMINDER'", String.class);
        assertThat(details).contains("\"channel\"").doesNotContain("Ana").doesNotContain("@example.org").doesNotContain("/r/");
        // a second pass finds nothing to send
        assertThat(worker.drain()).isZero();
        assertThat(VENDORS.sent()).hasSize(12 * 4);
    }

    @Test
    void aTransientFailureIsTriedAgainAndThenSentWhileARefusalIsFinal() {
        UUID a = book(patient("Bea", "555-010-3001", "bea@example.org", true, true));
        dueOnly(a, "SMS");
        dueOnly(a, "EMAIL");
        VENDORS.unavailableFor(10); // more than the SDK's own retries: holi's backoff takes over
        worker.drain();
        assertThat(row(a, "SMS")).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) row(a, "SMS").get("error")).contains("503");
        assertThat(row(a, "EMAIL")).containsEntry("status", "PENDING");
        assertThat(VENDORS.sent()).isEmpty();
        VENDORS.unavailableFor(0);
        dueOnly(a, "SMS");
        dueOnly(a, "EMAIL");
        worker.drain();
        assertThat(row(a, "SMS")).containsEntry("status", "SENT").containsEntry("attempts", 2);
        assertThat(row(a, "EMAIL")).containsEntry("status", "SENT");
        assertThat(VENDORS.sent()).hasSize(2);

        UUID refused = book(patient("Cy", "+1 500 555 0009", "cy@example.org", true, false)); // a number that cannot receive SMS
        dueOnly(refused, "SMS");
        worker.drain();
        assertThat(row(refused, "SMS")).containsEntry("status", "FAILED").containsEntry("attempts", 1).containsEntry("outcome", "failed");
        assertThat((String) row(refused, "SMS").get("error")).contains("21614");
    }

    @Test
    void nothingIsSentWithoutConsentOrWithoutASignedBaa() {
        UUID none = book(patient("Dee", "555-010-4001", "dee@example.org", false, false));
        dueOnly(none, "SMS");
        dueOnly(none, "EMAIL");
        UUID consenting = book(patient("Eve", "555-010-4002", "eve@example.org", true, true));
        signed(COMPLIANCE, false, true); // Twilio's BAA is not signed: no SMS may carry PHI
        dueOnly(consenting, "SMS");
        dueOnly(consenting, "EMAIL");
        worker.drain();
        assertThat(row(none, "SMS")).containsEntry("status", "SKIPPED").containsEntry("outcome", "opted_out");
        assertThat(row(none, "EMAIL")).containsEntry("status", "SKIPPED").containsEntry("outcome", "opted_out");
        assertThat(row(consenting, "SMS")).containsEntry("status", "SKIPPED").containsEntry("outcome", "disabled");
        assertThat((String) row(consenting, "SMS").get("error")).contains("Twilio: BAA required, not signed");
        assertThat(row(consenting, "EMAIL")).containsEntry("status", "SENT");
        assertThat(VENDORS.sent()).extracting(FakeMessaging.Sent::vendor).containsExactly("resend");
    }

    @Test
    void cancellingVoidsTheRemindersAndMovingReplacesThem() {
        UUID p = patient("Fay", "555-010-5001", "fay@example.org", true, true);
        UUID cancelled = book(p);
        assertThat(api.patch("/api/appointments/" + cancelled, clinicianToken, Map.of("status", "CANCELLED")).status()).isEqualTo(200);
        assertThat(rows(cancelled)).extracting(m -> m.get("status")).containsOnly("VOID");
        due(cancelled);
        worker.drain();
        assertThat(VENDORS.sent()).isEmpty();

        UUID moved = book(p);
        Instant startsAt = sql.queryForObject("SELECT starts_at FROM appointments WHERE id = ?", java.sql.Timestamp.class, moved).toInstant();
        dueOnly(moved, "SMS"); // due, but moved before any worker passed
        Instant later = startsAt.plus(1, ChronoUnit.DAYS);
        new io.holi.platform.Caller(clinician.id(), clinician.email(), io.holi.platform.Role.CLINICIAN)
                .runAs(() -> appointments.reschedule(moved, later, 30));
        assertThat(rows(moved)).extracting(m -> m.get("status")).containsOnly("PENDING");
        assertThat(sql.queryForObject("SELECT due_at FROM reminders WHERE appointment_id = ? AND channel = 'SMS' AND offset_minutes = 120",
                java.sql.Timestamp.class, moved).toInstant()).isEqualTo(later.minus(2, ChronoUnit.HOURS));
        worker.drain();
        assertThat(VENDORS.sent()).as("the moved reminder waits for its new time").isEmpty();
        // a no-show voids what is left
        sql.update("UPDATE reminders SET status = 'PENDING' WHERE appointment_id = ?", moved);
        new io.holi.platform.Caller(clinician.id(), clinician.email(), io.holi.platform.Role.CLINICIAN)
                .runAs(() -> appointments.changeStatus(moved, io.holi.scheduling.AppointmentStatus.NO_SHOW));
        assertThat(rows(moved)).extracting(m -> m.get("status")).containsOnly("VOID");
    }

    @Test
    void deliveryWebhooksAreVerifiedByTheirSignaturesAndOnlyMoveForward() throws Exception {
        UUID p = patient("Gus", "555-010-6001", "gus@example.org", true, true);
        UUID a = book(p);
        dueOnly(a, "SMS");
        dueOnly(a, "EMAIL");
        worker.drain();
        String sid = (String) row(a, "SMS").get("provider_message_id");
        String url = PUBLIC + "/api/reminders/webhooks/twilio/status";
        Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid", "ACtest00000000000000000000000000000");
        Api.Response forged = twilio("/api/reminders/webhooks/twilio/status", delivered, "bm90IGEgc2lnbmF0dXJl");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(row(a, "SMS")).containsEntry("status", "SENT");
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'UNAUTHORIZED_ACCESS' AND details->>'path' = ?",
                Long.class, "/api/reminders/webhooks/twilio/status")).isPositive();
        // signed for another address (what this instance sees, not the public one): refused too
        assertThat(twilio("/api/reminders/webhooks/twilio/status", delivered,
                twilioSignature(api.uri("/api/reminders/webhooks/twilio/status"), delivered)).status()).isEqualTo(403);
        assertThat(twilio("/api/reminders/webhooks/twilio/status", delivered, twilioSignature(url, delivered)).status()).isEqualTo(204);
        assertThat(row(a, "SMS")).containsEntry("status", "DELIVERED");
        Map<String, String> late = Map.of("MessageSid", sid, "MessageStatus", "sent");
        assertThat(twilio("/api/reminders/webhooks/twilio/status", late, twilioSignature(url, late)).status()).isEqualTo(204);
        assertThat(row(a, "SMS")).containsEntry("status", "DELIVERED");

        String emailId = (String) row(a, "EMAIL").get("provider_message_id");
        String body = "{\"type\":\"email.bounced\",\"created_at\":\"2026-12-02T10:00:00Z\",\"data\":{\"email_id\":\"" + emailId + "\"}}";
        long now = Instant.now().getEpochSecond();
        assertThat(resend(body, "msg_1", now, "v1,bm90IGEgc2lnbmF0dXJl").status()).isEqualTo(403);
        assertThat(resend(body, "msg_1", now - 3600, svix("msg_1", now - 3600, body)).status()).as("an old signature (replay)").isEqualTo(403);
        assertThat(row(a, "EMAIL")).containsEntry("status", "SENT");
        assertThat(resend(body, "msg_1", now, svix("msg_1", now, body)).status()).isEqualTo(204);
        assertThat(row(a, "EMAIL")).containsEntry("status", "FAILED");
        Map<String, Object> consent = sql.queryForMap("SELECT opted_in, source FROM reminder_consents WHERE patient_id = ? AND channel = 'EMAIL'", p);
        assertThat(consent).containsEntry("opted_in", false).containsEntry("source", "BOUNCE");
    }

    @Test
    void stopByTextWithdrawsConsentAndTheNextReminderIsNotSent() throws Exception {
        UUID p = patient("Hal", "555-010-7001", "hal@example.org", true, false);
        String url = PUBLIC + "/api/reminders/webhooks/twilio/inbound";
        Map<String, String> stop = Map.of("From", "+15550107001", "To", "+15005550006", "Body", "Stop", "MessageSid", "SMinbound1");
        assertThat(twilio("/api/reminders/webhooks/twilio/inbound", stop, "Zm9yZ2Vk").status()).isEqualTo(403);
        Api.Response r = twilio("/api/reminders/webhooks/twilio/inbound", stop, twilioSignature(url, stop));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<Response></Response>");
        assertThat(sql.queryForMap("SELECT opted_in, source FROM reminder_consents WHERE patient_id = ? AND channel = 'SMS'", p))
                .containsEntry("opted_in", false).containsEntry("source", "PATIENT_SMS");
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'UPDATE' AND resource = 'ReminderConsent' "
                + "AND patient_id = ? AND user_email = 'patient:sms'", Long.class, p)).isEqualTo(1);
        UUID a = book(p);
        dueOnly(a, "SMS");
        worker.drain();
        assertThat(row(a, "SMS")).containsEntry("status", "SKIPPED").containsEntry("outcome", "opted_out");
        assertThat(VENDORS.sent()).isEmpty();

        Map<String, String> help = Map.of("From", "+15550107001", "Body", "help", "MessageSid", "SMinbound2");
        assertThat(twilio("/api/reminders/webhooks/twilio/inbound", help, twilioSignature(url, help)).body())
                .contains("<Message>Riverside Clinic appointment reminders. Reply STOP");
        Map<String, String> start = Map.of("From", "+15550107001", "Body", "START", "MessageSid", "SMinbound3");
        assertThat(twilio("/api/reminders/webhooks/twilio/inbound", start, twilioSignature(url, start)).status()).isEqualTo(200);
        assertThat(sql.queryForObject("SELECT opted_in FROM reminder_consents WHERE patient_id = ? AND channel = 'SMS'", Boolean.class, p)).isTrue();
    }

    @Test
    void thePatientsLinkConfirmsOrCancelsOnceAndThenExpires() {
        UUID p = patient("Ida", "555-010-8001", "ida@example.org", true, true);
        // emails in Spanish for this patient: the message and the page its link opens
        assertThat(api.put("/api/patients/" + p + "/reminders/consent/EMAIL", clinicianToken, Map.of("optedIn", true, "language", "es"))
                .json().get("language").asString()).isEqualTo("es");
        UUID a = book(p);
        dueOnly(a, "SMS");
        dueOnly(a, "EMAIL");
        worker.drain();
        String smsLink = link(VENDORS.sent().stream().filter(s -> s.vendor().equals("twilio")).findFirst().orElseThrow().text());
        String emailLink = link(VENDORS.sent().stream().filter(s -> s.vendor().equals("resend")).findFirst().orElseThrow().text());
        Api.Response page = api.get(smsLink, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Riverside Clinic").contains("I will come").contains("Cancel the appointment")
                .doesNotContain("Ida").doesNotContain("Secretsurname").doesNotContain("chest pain");
        Api.Response confirmed = form(smsLink, "action=confirm");
        assertThat(confirmed.body()).contains("your appointment is confirmed");
        assertThat(form(smsLink, "action=cancel").body()).contains("already been used: the appointment was confirmed");
        assertThat(VENDORS.sent().stream().filter(x -> x.vendor().equals("resend")).findFirst().orElseThrow().text()).startsWith("Hola Ida:");
        assertThat(api.get(emailLink, null).body()).contains("lang=\"es\"").contains("Su cita").contains("Asistiré");
        Api.Response cancelled = form(emailLink, "action=cancel");
        assertThat(cancelled.body()).contains("Su cita está cancelada");
        assertThat(sql.queryForObject("SELECT status FROM appointments WHERE id = ?", String.class, a)).isEqualTo("CANCELLED");
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE resource_id = ? AND user_email = 'patient:reminder-link'",
                Long.class, a)).isEqualTo(2);
        assertThat(api.get(emailLink, null).body()).contains("Este enlace ya se ha usado: la cita se canceló");
        assertThat(api.get(smsLink, null).body()).contains("already been used: the appointment was confirmed");
        assertThat(api.get("/r/not-a-real-token", null).status()).isEqualTo(404);

        // a link of an appointment that has started has expired
        UUID b = book(p);
        dueOnly(b, "EMAIL");
        worker.drain();
        String late = link(VENDORS.sent().get(VENDORS.sent().size() - 1).text());
        sql.update("UPDATE reminders SET link_expires_at = now() - interval '1 minute' WHERE appointment_id = ?", b);
        assertThat(form(late, "action=cancel").body()).contains("Este enlace ha caducado");
        assertThat(sql.queryForObject("SELECT status FROM appointments WHERE id = ?", String.class, b)).isEqualTo("SCHEDULED");
    }

    @Test
    void theCommandLineShowsTheOutboxRetriesFailuresAndPreviewsWithoutSending() {
        UUID p = patient("Jo", "+1 500 555 0009", "jo@example.org", true, true);
        UUID a = book(p);
        dueOnly(a, "SMS");
        worker.drain(); // Twilio refuses this number: FAILED
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("holi.database.url", DATABASE.toUriWithPassword());
        settings.put("holi.crypto.encryption-key", TestKeys.FIELD_V1);
        settings.put("holi.crypto.blind-index-key", TestKeys.BLIND_INDEX);
        settings.put("holi.clinic.name", "Riverside Clinic");
        settings.put("holi.ops.compliance-dir", COMPLIANCE.toString());
        settings.put("holi.reminders.public-url", PUBLIC);
        settings.put("holi.reminders.twilio.account-sid", "ACtest00000000000000000000000000000");
        settings.put("holi.reminders.twilio.auth-token", TWILIO_TOKEN);
        settings.put("holi.reminders.twilio.from", "+15005550006");
        io.holi.testing.CliRunner.Run status = io.holi.testing.CliRunner.run(settings, "", "reminders", "status", "--failed");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("sms    Twilio   configured     Twilio: BAA signed 2026-01-15")
                .contains("email  Resend   not configured").contains("links and webhooks: " + PUBLIC)
                .contains(row(a, "SMS").get("id").toString()).contains("21614")
                // the patient's number in any of its forms (not "555" alone: the reminders' random ids may hold it)
                .doesNotContain("+15005550009").doesNotContain("5005550009").doesNotContain("500 555").doesNotContain("555 0009")
                .doesNotContain("Jo ");
        io.holi.testing.CliRunner.Run preview = io.holi.testing.CliRunner.run(settings, "", "reminders", "preview", "--appointment", a.toString());
        assertThat(preview.exitCode()).as(preview.all()).isZero();
        assertThat(preview.out()).contains("SMS to ***0009 (en), would send: yes").contains("Hi Jo, this is Riverside Clinic")
                .contains("EMAIL to j***@example.org (en), would send: no: Resend is not configured")
                .contains(PUBLIC + "/r/<single-use link made when sent>");
        int before = VENDORS.requests();
        io.holi.testing.CliRunner.Run retry = io.holi.testing.CliRunner.run(settings, "", "reminders", "retry", row(a, "SMS").get("id").toString());
        assertThat(retry.out()).contains("1 reminder(s) back in the outbox");
        assertThat(row(a, "SMS")).containsEntry("status", "PENDING");
        assertThat(VENDORS.requests()).as("the command line sends nothing itself").isEqualTo(before);
        assertThat(io.holi.testing.CliRunner.run(settings, "", "reminders", "preview", "--appointment", UUID.randomUUID().toString())
                .exitCode()).isEqualTo(1);
    }

    static String link(String text) {
        Matcher m = Pattern.compile(Pattern.quote(PUBLIC) + "(/r/[A-Za-z0-9_-]{43})").matcher(text);
        assertThat(m.find()).as("a link in the message").isTrue();
        return m.group(1);
    }

    Api.Response form(String path, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.uri(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
