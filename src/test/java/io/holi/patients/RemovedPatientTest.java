package io.holi.patients;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A removed patient's records are gone by every route, and nobody keeps a grant to them. */
class RemovedPatientTest extends ClinicalApiTest {

    @Test
    void notesPrescriptionsAndAppointmentsOfARemovedPatientAnswer404ByTheirOwnIds() {
        UUID patient = patient();
        UUID note = idOf(api.post("/api/patients/" + patient + "/notes", clinicianToken, Map.of("text", "removed-patient note")));
        UUID prescription = idOf(api.post("/api/patients/" + patient + "/prescriptions", clinicianToken,
                Map.of("medication", "Lisinopril", "dosage", "10 mg", "quantity", 30)));
        UUID appointment = idOf(api.post("/api/patients/" + patient + "/appointments", clinicianToken, Map.of(
                "startsAt", Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString(),
                "durationMinutes", 30, "clinicianId", clinician.id().toString(), "reason", "removed-patient visit")));

        assertThat(api.delete("/api/patients/" + patient, clinicianToken).status()).isEqualTo(204);

        assertGone(api.get("/api/patients/" + patient, clinicianToken));
        assertGone(api.get("/api/notes/" + note, clinicianToken));
        assertGone(api.put("/api/notes/" + note, clinicianToken, Map.of("text", "edited after removal")));
        assertGone(api.get("/api/notes/" + note + "/versions", clinicianToken));
        assertGone(api.post("/api/notes/" + note + "/summary", clinicianToken, null));
        assertGone(api.post("/api/prescriptions/" + prescription + "/discontinue", clinicianToken, Map.of("reason", "after removal")));
        assertGone(api.patch("/api/appointments/" + appointment, clinicianToken, Map.of("status", "CHECKED_IN")));
        assertThat(sql.queryForObject("SELECT count(*) FROM note_versions WHERE note_id = ?", Long.class, note)).isEqualTo(1);
        assertThat(sql.queryForObject("SELECT status FROM appointments WHERE id = ?", String.class, appointment)).isEqualTo("SCHEDULED");
    }

    @Test
    void removingAPatientEndsEveryGrantToItAndSaysSoInTheTrail() {
        UUID patient = patient();
        Api.User staff = api.createUser(admin, "STAFF");
        grant(patient, staff);
        Api.Response removed = api.delete("/api/patients/" + patient, admin);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(sql.queryForObject("SELECT count(*) FROM data_access_grants WHERE patient_id = ? AND revoked_at IS NULL",
                Long.class, patient)).isZero();
        assertThat(auditOf(removed)).extracting(m -> m.get("action")).containsExactly("GRANT_REVOKED", "DELETE");
        assertThat(auditOf(removed).get(0).get("details").toString()).contains("\"revoked\": 2").contains("patient removed");
    }

    private static void assertGone(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("removed-patient").doesNotContain("Lisinopril");
    }
}
