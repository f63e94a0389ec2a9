package io.holi.crypto;

import io.holi.platform.DatabaseUrl;
import io.holi.platform.OsProcess;
import io.holi.database.PostgresBinaries;
import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PHI fields are in the database only as ciphertext: a full dump of every table finds none of them. */
class EncryptionAtRestTest extends ClinicalApiTest {

    @Test
    void aRawDumpOfEveryTableFindsNoneOfThePhiValuesThatTheApiReturns() throws Exception {
        String m = "PHI" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> secrets = List.of(m + "@mail.example", "+1 555 " + m.substring(3, 10).replaceAll("[^0-9]", "7") + "42",
                m + " Hidden Lane", "NID-" + m, "note-" + m, "med-" + m, "dose-" + m, "instructions-" + m, "reason-" + m,
                "stop-" + m, "route-" + m, "freq-" + m);
        UUID p = patient(clinicianToken, Map.of("firstName", "Enc", "lastName", "Rypted", "dateOfBirth", "1960-06-06",
                "email", secrets.get(0), "phone", secrets.get(1), "address", secrets.get(2), "nationalId", secrets.get(3)));
        idOf(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", secrets.get(4))));
        UUID rx = idOf(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", secrets.get(5),
                "dosage", secrets.get(6), "quantity", 3, "instructions", secrets.get(7), "route", secrets.get(10),
                "frequency", secrets.get(11))));
        idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt",
                Instant.now().plusSeconds(86400 * 20 + (long) (Math.random() * 100000)).toString(), "durationMinutes", 15,
                "clinicianId", clinician.id().toString(), "reason", secrets.get(8))));
        assertThat(api.post("/api/prescriptions/" + rx + "/discontinue", clinicianToken, Map.of("reason", secrets.get(9))).status())
                .isEqualTo(200);

        String export = api.get("/api/patients/" + p + "/export", clinicianToken).body();
        secrets.forEach(s -> assertThat(export).as("the API returns " + s).contains(s));

        DatabaseUrl su = TestPostgres.superuser(DATABASE);
        String dump = OsProcess.check(List.of(PostgresBinaries.locate().tool("pg_dump").toString(), "--data-only",
                        "--host", su.host(), "--port", String.valueOf(su.port()), "--username", su.username(), su.database()),
                Map.of("PGPASSWORD", su.password()), Duration.ofMinutes(10));
        assertThat(dump).contains(p.toString());
        secrets.forEach(s -> assertThat(dump).as("plaintext of " + s + " in the database").doesNotContain(s));
        assertThat(dump).doesNotContain(m);
    }

    @Test
    void theDatabaseRefusesPlaintextWhereCiphertextBelongs() throws SQLException {
        UUID p = patient();
        try (Connection c = connectAsApplicationRole(); var s = c.prepareStatement("UPDATE patients SET email_enc = ? WHERE id = ?")) {
            s.setBytes(1, "someone@example.org but long enough to pass length".getBytes());
            s.setObject(2, p);
            assertThatThrownBy(s::executeUpdate).hasMessageContaining("patients_email_enc_check");
        }
    }

    @Test
    void aCiphertextCopiedToAnotherRowDoesNotDecrypt() {
        UUID a = patient(clinicianToken, Map.of("firstName", "A", "lastName", "One", "dateOfBirth", "1970-01-01", "email", "a@example.org"));
        UUID b = patient(clinicianToken, Map.of("firstName", "B", "lastName", "Two", "dateOfBirth", "1970-01-01", "email", "b@example.org"));
        sql.update("UPDATE patients SET email_enc = (SELECT email_enc FROM patients WHERE id = ?) WHERE id = ?", a, b);
        Api.Response r = api.get("/api/patients/" + b, clinicianToken);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("a@example.org");
    }
}
