package io.holi.crypto;

import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.Api;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Key rotation with the service running, and the refusals that keep a wrong or missing key from doing harm. */
@Order(8) // one of the longest classes: started first (junit-platform.properties)
class KeyRotationTest {

    private static ConfigurableApplicationContext start(DatabaseUrl db, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--holi.database.url=" + db.toUriWithPassword(),
                "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.auth.admin-email=admin@keys.test", "--holi.auth.admin-password=admin-password-for-tests",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(HoliApplication.class).run(args.toArray(String[]::new));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void rotatingWhileRequestsRunLeavesEveryValueReadableAndNoneOnTheOldKey() throws Exception {
        DatabaseUrl db = TestPostgres.newDatabase("rotation");
        Map<UUID, String> emails = new java.util.LinkedHashMap<>();
        Map<UUID, String> noteTexts = new java.util.LinkedHashMap<>();
        String clinicianEmail = "doc@keys.test";
        try (ConfigurableApplicationContext v1 = start(db, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1)) {
            Api api = Api.of(v1);
            String admin = api.login("admin@keys.test", "admin-password-for-tests");
            api.post("/api/users", admin, Map.of("email", clinicianEmail, "name", "Doc", "role", "CLINICIAN",
                    "password", "clinician-password"));
            String doc = api.login(clinicianEmail, "clinician-password");
            for (int i = 0; i < 60; i++) {
                String email = "p" + i + "@rotation.example";
                Api.Response p = api.post("/api/patients", doc, Map.of("firstName", "Rot", "lastName", "Ation" + i,
                        "dateOfBirth", "1980-01-01", "email", email, "phone", "+1 555 01" + (10 + i)));
                UUID id = UUID.fromString(p.json().get("id").asString());
                emails.put(id, email);
                Api.Response n = api.post("/api/patients/" + id + "/notes", doc, Map.of("text", "note of patient " + i));
                noteTexts.put(UUID.fromString(n.json().get("id").asString()), "note of patient " + i);
            }
        }

        try (ConfigurableApplicationContext both = start(db,
                "--holi.crypto.encryption-keys=1:" + TestKeys.FIELD_V1 + ",2:" + TestKeys.FIELD_V2)) {
            Api api = Api.of(both);
            String doc = api.login(clinicianEmail, "clinician-password");
            KeyService keys = both.getBean(KeyService.class);
            // three PHI values per patient, and the admin's second-factor secret
            assertThat(keys.status().valuesNotOnActive()).isEqualTo(60 * 3 + 1);

            AtomicBoolean rotating = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicInteger readsDuringRotation = new AtomicInteger();
            AtomicBoolean readerRunning = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                List<UUID> patients = new ArrayList<>(emails.keySet());
                List<UUID> notes = new ArrayList<>(noteTexts.keySet());
                int i = 0;
                while (rotating.get() || i < 10) {
                    boolean duringRotation = rotating.get();
                    readerRunning.set(true);
                    UUID p = patients.get(i % patients.size());
                    Api.Response r = api.get("/api/patients/" + p, doc);
                    if (r.status() != 200 || !r.json().get("email").asString().equals(emails.get(p))) {
                        problems.add("patient " + p + ": " + r);
                    }
                    UUID n = notes.get(i % notes.size());
                    Api.Response nr = api.get("/api/notes/" + n, doc);
                    if (nr.status() != 200 || !nr.json().get("text").asString().equals(noteTexts.get(n))) {
                        problems.add("note " + n + ": " + nr);
                    }
                    // writes during the rotation go straight onto the new key
                    if (i % 7 == 0) {
                        Api.Response w = api.post("/api/patients/" + p + "/notes", doc, Map.of("text", "written during rotation"));
                        if (w.status() != 201) {
                            problems.add("write: " + w);
                        }
                    }
                    if (duringRotation && rotating.get()) {
                        readsDuringRotation.incrementAndGet();
                    }
                    i++;
                }
            });
            reader.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).untilTrue(readerRunning);
            // one value per transaction, and the rotation holds after its first value until the reader has read through
            // it: requests provably run while both keys are in use, however fast the rotation or slow the machine
            AtomicBoolean held = new AtomicBoolean();
            KeyService.RotationResult result = keys.rotate(1, line -> {
                if (!held.getAndSet(true)) {
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> readsDuringRotation.get() > 0);
                }
            });
            rotating.set(false);
            reader.join(60_000);

            assertThat(problems).isEmpty();
            assertThat(readsDuringRotation.get()).isPositive();
            assertThat(result.reencrypted()).isGreaterThanOrEqualTo(60 * 3 + 1);
            assertThat(result.retiredVersions()).containsExactly(1);
            KeyService.Status status = keys.status();
            assertThat(status.valuesNotOnActive()).isZero();
            assertThat(status.versions()).extracting(KeyService.VersionCount::state).containsExactly("retired", "active");
            assertThat(status.versions().get(0).values()).isZero();
        }

        // version 1 is retired: the service now starts with version 2 alone and reads everything
        try (ConfigurableApplicationContext v2only = start(db, "--holi.crypto.encryption-keys=2:" + TestKeys.FIELD_V2)) {
            Api api = Api.of(v2only);
            String doc = api.login(clinicianEmail, "clinician-password");
            UUID any = emails.keySet().iterator().next();
            assertThat(api.get("/api/patients/" + any, doc).json().get("email").asString()).isEqualTo(emails.get(any));
        }

        // the wrong key for version 2 is refused before anything is read or written
        Throwable wrong = catchThrowable(() -> keysOf(db, new CryptoProperties(null, "2:" + TestKeys.FIELD_V1, null, TestKeys.BLIND_INDEX)));
        assertThat(wrong).hasMessageContaining("encryption key version 2 is not the key");
    }

    /**
     * What the service does with its keys when it starts ({@link KeyService} checks them against the database before
     * anything else may read or write), here without the rest of the application: the refusals need no web server.
     */
    private static KeyService keysOf(DatabaseUrl db, CryptoProperties properties) {
        var dataSource = new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.postgresql.Driver(), db.jdbcUrl(),
                db.username(), db.password());
        Keyring keyring = Keyring.from(properties);
        return new KeyService(keyring, new FieldCipher(keyring), List.of(),
                org.springframework.jdbc.core.simple.JdbcClient.create(dataSource),
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource), null);
    }

    @Test
    void aKeyStillInUseMustBeConfigured() {
        DatabaseUrl db = TestPostgres.newDatabase("missingkey");
        keysOf(db, new CryptoProperties(TestKeys.FIELD_V1, null, null, TestKeys.BLIND_INDEX));
        Throwable missing = catchThrowable(() -> keysOf(db, new CryptoProperties(null, "2:" + TestKeys.FIELD_V2, null, TestKeys.BLIND_INDEX)));
        assertThat(missing).hasMessageContaining("Encryption key version 1 is missing");
    }
}
