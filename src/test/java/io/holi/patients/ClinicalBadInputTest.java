package io.holi.patients;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the clinical records: a 4xx that names the problem, never a 5xx, never a partial write. */
class ClinicalBadInputTest extends ClinicalApiTest {

    private Map<String, Object> valid() {
        Map<String, Object> m = new HashMap<>();
        m.put("firstName", "Bad");
        m.put("lastName", "Input");
        m.put("dateOfBirth", "1980-01-01");
        return m;
    }

    private void assert400(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains(field);
    }

    private long patients() {
        return sql.queryForObject("SELECT count(*) FROM patients", Long.class);
    }

    @Test
    void invalidAndFutureBirthDatesAre400AndWriteNothing() {
        long before = patients();
        Map<String, Object> m = valid();
        m.put("dateOfBirth", "1980-02-30");
        assert400(api.post("/api/patients", clinicianToken, m), "dateOfBirth");
        m.put("dateOfBirth", "01/02/1980");
        assert400(api.post("/api/patients", clinicianToken, m), "dateOfBirth");
        m.put("dateOfBirth", LocalDate.now().plusDays(1).toString());
        assert400(api.post("/api/patients", clinicianToken, m), "dateOfBirth");
        m.put("dateOfBirth", "1700-01-01");
        assert400(api.post("/api/patients", clinicianToken, m), "dateOfBirth");
        assertThat(patients()).isEqualTo(before);
    }

    @Test
    void missingNamesOverlongStringsAndBadFormatsAre400() {
        Map<String, Object> m = valid();
        m.remove("lastName");
        assert400(api.post("/api/patients", clinicianToken, m), "lastName");
        m = valid();
        m.put("firstName", "x".repeat(101));
        assert400(api.post("/api/patients", clinicianToken, m), "firstName");
        m = valid();
        m.put("address", "y".repeat(501));
        assert400(api.post("/api/patients", clinicianToken, m), "address");
        m = valid();
        m.put("email", "not-an-email");
        assert400(api.post("/api/patients", clinicianToken, m), "email");
        m = valid();
        m.put("phone", "call me maybe");
        assert400(api.post("/api/patients", clinicianToken, m), "phone");
        m = valid();
        m.put("sex", "ROBOT");
        assert400(api.post("/api/patients", clinicianToken, m), "sex");
        m = valid();
        m.put("firstName", "tab\there");
        assert400(api.post("/api/patients", clinicianToken, m), "firstName");
    }

    @Test
    void sqlMetacharactersAndUnicodeInNamesAreStoredAsTheyAre() {
        Map<String, Object> m = valid();
        m.put("firstName", "Robert'); DROP TABLE patients;--");
        m.put("lastName", "Ñúñez 李 Ørsted \uD83D\uDE00");
        Api.Response r = api.post("/api/patients", clinicianToken, m);
        assertThat(r.status()).isEqualTo(201);
        Api.Response read = api.get("/api/patients/" + r.json().get("id").asString(), clinicianToken);
        assertThat(read.json().get("firstName").asString()).isEqualTo("Robert'); DROP TABLE patients;--");
        assertThat(read.json().get("lastName").asString()).isEqualTo("Ñúñez 李 Ørsted \uD83D\uDE00");
        assertThat(api.get("/api/patients?query=" + java.net.URLEncoder.encode("ñúñez 李", java.nio.charset.StandardCharsets.UTF_8),
                clinicianToken).body()).contains(r.json().get("id").asString());
    }

    @Test
    void unknownIdsAre404AndMalformedIdsAre400() {
        String unknown = UUID.randomUUID().toString();
        for (String path : new String[]{"/api/patients/" + unknown, "/api/patients/" + unknown + "/notes",
                "/api/patients/" + unknown + "/appointments", "/api/patients/" + unknown + "/prescriptions",
                "/api/patients/" + unknown + "/export", "/api/notes/" + unknown}) {
            Api.Response r = api.get(path, clinicianToken);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().get("detail").asString()).as(path).contains(unknown);
        }
        assertThat(api.patch("/api/appointments/" + unknown, clinicianToken, Map.of("status", "CANCELLED")).status()).isEqualTo(404);
        Api.Response bad = api.get("/api/patients/12345", clinicianToken);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("must be a UUID");
        assertThat(api.get("/api/patients/' OR 1=1 --".replace(" ", "%20"), clinicianToken).status()).isEqualTo(400);
    }

    @Test
    void negativeQuantitiesAndUnknownStatusesAre400() {
        UUID p = patient();
        assert400(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", "X", "dosage", "1 mg",
                "quantity", -5)), "quantity");
        assert400(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", "X", "dosage", "1 mg",
                "quantity", 5, "refills", 99)), "refills");
        assert400(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", "X", "dosage", "1 mg",
                "quantity", "lots")), "quantity");
        assertThat(sql.queryForObject("SELECT count(*) FROM prescriptions WHERE patient_id = ?", Long.class, p)).isZero();

        UUID appt = idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of(
                "startsAt", java.time.Instant.now().plusSeconds(86400 * 3).toString(), "durationMinutes", 20,
                "clinicianId", clinician.id().toString())));
        assert400(api.patch("/api/appointments/" + appt, clinicianToken, Map.of("status", "TELEPORTED")), "status");
        assert400(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt", "tomorrow",
                "durationMinutes", 20, "clinicianId", clinician.id().toString())), "startsAt");
        assert400(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt", "2026-12-01T10:00:00Z",
                "durationMinutes", 0, "clinicianId", clinician.id().toString())), "durationMinutes");
        assert400(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt", "2026-12-01T10:00:00Z",
                "durationMinutes", 30, "clinicianId", UUID.randomUUID().toString())), "clinicianId");
        assert400(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", " ")), "text");
        assert400(api.post("/api/patients/" + p + "/break-glass", clinicianToken, Map.of("reason", "because")), "reason");
    }
}
