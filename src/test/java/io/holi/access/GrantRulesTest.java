package io.holi.access;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Separation of duties around PHI access: nobody grants access to themself, nobody reviews their own break-glass
 * use, and a break-glass reason is a sentence. An administrator who needs a patient's records breaks the glass.
 */
class GrantRulesTest extends ClinicalApiTest {

    private UUID adminId() {
        return UUID.fromString(api.get("/api/me", admin).json().get("id").asString());
    }

    private List<Object> actions(Api.Response r) {
        return auditOf(r).stream().map(m -> m.get("action")).toList();
    }

    @Test
    void anAdministratorCannotGrantThemselfAPatientAndTheRefusalIsAudited() {
        UUID patient = patient();
        Api.Response r = api.post("/api/patients/" + patient + "/grants", admin,
                Map.of("userId", adminId().toString(), "reason", "I want to read it"));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("Nobody grants access to themself").contains("break");
        assertThat(actions(r)).containsExactly("PERMISSION_DENIED");
        assertThat(auditOf(r).get(0)).containsEntry("patient_id", patient);
        assertThat(sql.queryForObject("SELECT count(*) FROM data_access_grants WHERE user_id = ? AND patient_id = ?",
                Long.class, adminId(), patient)).isZero();
        assertThat(api.get("/api/patients/" + patient, admin).status()).isEqualTo(403);
    }

    @Test
    void anAdministratorWhoNeedsAPatientBreaksTheGlassAndSomeoneElseReviewsIt() {
        UUID patient = patient();
        Api.Response glass = api.post("/api/patients/" + patient + "/break-glass", admin,
                Map.of("reason", "billing dispute escalated by the patient today"));
        assertThat(glass.status()).as(glass.body()).isEqualTo(201);
        UUID grant = idOf(glass);
        assertThat(api.get("/api/patients/" + patient, admin).status()).isEqualTo(200);

        Api.Response own = api.post("/api/break-glass/" + grant + "/review", admin, Map.of("note", "fine by me"));
        assertThat(own.status()).as(own.body()).isEqualTo(403);
        assertThat(own.json().get("detail").asString()).contains("Nobody reviews their own break-glass use");
        assertThat(actions(own)).containsExactly("PERMISSION_DENIED");

        Api.User auditor = api.createUser(admin, "AUDITOR");
        Api.Response reviewed = api.post("/api/break-glass/" + grant + "/review", tokenOf(auditor), Map.of("note", "checked the ticket"));
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        assertThat(reviewed.json().get("reviewedBy").asString()).isEqualTo(auditor.id().toString());
    }

    @Test
    void aClinicianCannotReviewTheirOwnBreakGlassEvenAfterBecomingAnAdministrator() {
        UUID patient = patient(admin, Map.of("firstName", "Glass", "lastName", "Owner", "dateOfBirth", "1961-03-03"));
        UUID grant = idOf(api.post("/api/patients/" + patient + "/break-glass", clinicianToken,
                Map.of("reason", "patient collapsed in the waiting room")));
        assertThat(api.patch("/api/users/" + clinician.id(), admin, Map.of("role", "ADMIN")).status()).isEqualTo(200);
        Api.Response own = api.post("/api/break-glass/" + grant + "/review", clinicianToken, Map.of("note", "all good"));
        assertThat(own.status()).as(own.body()).isEqualTo(403);
    }

    @Test
    void aBreakGlassReasonMustBeASentence() {
        UUID patient = patient();
        for (String placeholder : List.of("aaaaaaaaaa", "emergency!!", "urgent urgent urgent", "a b c d e f")) {
            Api.Response r = api.post("/api/patients/" + patient + "/break-glass", admin, Map.of("reason", placeholder));
            assertThat(r.status()).as(placeholder).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        }
        assertThat(api.post("/api/patients/" + patient + "/break-glass", admin,
                Map.of("reason", "chest pain, chart needed now")).status()).isEqualTo(201);
    }

    @Test
    void staffAndAuditorsAreRefusedBreakGlassAtTheRouteAsByTheService() {
        UUID patient = patient();
        for (String role : List.of("STAFF", "AUDITOR")) {
            Api.Response r = api.post("/api/patients/" + patient + "/break-glass", tokenOf(api.createUser(admin, role)),
                    Map.of("reason", "patient unconscious in the lobby"));
            assertThat(r.status()).as(role).isEqualTo(403);
            assertThat(actions(r)).containsExactly("PERMISSION_DENIED");
            assertThat(auditOf(r).get(0).get("details").toString()).contains("role not allowed on this route");
        }
    }
}
