package io.holi.identity;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/patients/{id}} reads the caller's state in the patient's own statement (one round trip), and
 * everything authentication would have refused is still refused at once: a deactivation, a sign-out, a role change.
 */
class CallerStateInStatementTest extends ClinicalApiTest {

    @Autowired
    MeterRegistry meters;

    private double checks(String by) {
        return meters.get("holi_caller_checks").tag("by", by).counter().count();
    }

    private List<Map<String, Object>> reads(Api.Response r) {
        return auditOf(r).stream().filter(row -> "READ".equals(row.get("action"))).toList();
    }

    @Test
    void aPatientReadConfirmsTheCallerInItsOwnStatementWithoutASeparateQuery() {
        UUID p = patient();
        double byStatement = checks("statement");
        double byQuery = checks("query");

        Api.Response r = api.get("/api/patients/" + p, clinicianToken);

        assertThat(r.status()).isEqualTo(200);
        assertThat(checks("statement")).isEqualTo(byStatement + 1);
        assertThat(checks("query")).isEqualTo(byQuery);
        assertThat(reads(r)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("user_id", clinician.id()).containsEntry("role", "CLINICIAN"));
        // any other route still reads the state on its own
        assertThat(api.get("/api/me", clinicianToken).status()).isEqualTo(200);
        assertThat(checks("query")).isEqualTo(byQuery + 1);
    }

    @Test
    void aDeactivatedCallersPatientReadIsRefusedAtOnceAndNothingIsRead() {
        Api.User doc = api.createUser(admin, "CLINICIAN");
        String token = tokenOf(doc);
        UUID p = patient(token, Map.of("firstName", "Test", "lastName", "Patient", "dateOfBirth", "1980-05-17"));
        assertThat(api.get("/api/patients/" + p, token).status()).isEqualTo(200);
        assertThat(api.delete("/api/users/" + doc.id(), admin).status()).isEqualTo(204);

        Api.Response after = api.get("/api/patients/" + p, token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).contains("deactivated").doesNotContain("Test").doesNotContain("1980");
        assertThat(auditOf(after)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("action", "UNAUTHORIZED_ACCESS").containsEntry("outcome", "DENIED");
            assertThat(row.get("details").toString()).contains("deactivated");
        });
        // a patient that does not exist says no more: 401, not 404
        assertThat(api.get("/api/patients/" + UUID.randomUUID(), token).status()).isEqualTo(401);
    }

    @Test
    void aSignedOutTokensPatientReadIsRefused() {
        Api.User doc = api.createUser(admin, "CLINICIAN");
        String token = tokenOf(doc);
        UUID p = patient(token, Map.of("firstName", "Test", "lastName", "Patient", "dateOfBirth", "1980-05-17"));
        assertThat(api.post("/api/auth/logout", token, null).status()).isIn(200, 204);

        Api.Response after = api.get("/api/patients/" + p, token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(auditOf(after)).singleElement().satisfies(row ->
                assertThat(row.get("details").toString()).contains("revoked by a sign-out"));
        assertThat(reads(after)).isEmpty();
    }

    @Test
    void aRoleChangeAppliesToTheNextPatientReadWithTheNewRole() {
        Api.User doc = api.createUser(admin, "CLINICIAN");
        String token = tokenOf(doc);
        UUID p = patient(token, Map.of("firstName", "Test", "lastName", "Patient", "dateOfBirth", "1980-05-17"));
        double byQuery = checks("query");
        assertThat(api.patch("/api/users/" + doc.id(), admin, Map.of("role", "AUDITOR")).status()).isEqualTo(200);

        // the token still says CLINICIAN; the statement finds AUDITOR, the state is read, and auditors never read PHI
        Api.Response after = api.get("/api/patients/" + p, token);
        assertThat(after.status()).isEqualTo(403);
        assertThat(checks("query")).isGreaterThan(byQuery);
        assertThat(auditOf(after)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("action", "PERMISSION_DENIED").containsEntry("role", "AUDITOR"));
    }
}
