package io.holi.identity;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UsersApiTest extends ApiTest {

    @Test
    void adminCreatesAUserAndTheAnswerHasExactlyTheContractsFields() {
        Api.Response r = api.post("/api/users", adminToken(), Map.of("email", "New.Person@Test.Holi", "name", "New Person",
                "role", "STAFF", "password", "twelve-chars-ok"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().propertyNames()).containsExactlyInAnyOrder("id", "email", "name", "role", "active");
        assertThat(r.json().get("email").asString()).isEqualTo("new.person@test.holi");
        assertThat(r.json().get("active").asBoolean()).isTrue();
        assertThat(auditOf(r)).extracting(m -> m.get("action")).containsExactly("CREATE_USER");
    }

    @Test
    void aDuplicateEmailInAnyCaseIs409AndWritesNothing() {
        String admin = adminToken();
        Api.User u = api.createUser(admin, "STAFF");
        long before = sql.queryForObject("SELECT count(*) FROM users", Long.class);
        Api.Response r = api.post("/api/users", admin, Map.of("email", u.email().toUpperCase(), "name", "x",
                "role", "STAFF", "password", "twelve-chars-ok"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("detail").asString()).contains("already exists");
        assertThat(sql.queryForObject("SELECT count(*) FROM users", Long.class)).isEqualTo(before);
        assertThat(auditOf(r)).isEmpty();
    }

    @Test
    void shortPasswordsAndUnknownRolesAre400WithTheFieldNamed() {
        Api.Response shortPw = api.post("/api/users", adminToken(), Map.of("email", "a@test.holi", "name", "A",
                "role", "STAFF", "password", "short"));
        assertThat(shortPw.status()).isEqualTo(400);
        assertThat(shortPw.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(shortPw.body()).doesNotContain("short\"");

        Api.Response badRole = api.post("/api/users", adminToken(), Map.of("email", "b@test.holi", "name", "B",
                "role", "GOD", "password", "twelve-chars-ok"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().get("detail").asString()).contains("role").contains("CLINICIAN");
    }

    @Test
    void listingShowsUsersWithoutSecrets() {
        Api.Response r = api.get("/api/users", adminToken());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("items").size()).isGreaterThanOrEqualTo(1);
        assertThat(r.body()).doesNotContain("password").doesNotContain("argon2");
    }

    @Test
    void nonAdminsGet403AndTheDenialIsAudited() {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        String token = api.login(doc.email(), doc.password());
        Api.Response r = api.send("GET", "/api/users", token, null, Map.of("X-Forwarded-For", "203.0.113.50"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(auditOf(r).get(0)).containsEntry("action", "PERMISSION_DENIED").containsEntry("outcome", "DENIED")
                .containsEntry("user_id", doc.id()).containsEntry("role", "CLINICIAN").containsEntry("ip", "203.0.113.50");
    }

    @Test
    void deactivationIsAuditedAndTheLastAdministratorIsKept() {
        String admin = adminToken();
        Api.User staff = api.createUser(admin, "STAFF");
        Api.Response r = api.delete("/api/users/" + staff.id(), admin);
        assertThat(r.status()).isEqualTo(204);
        assertThat(auditOf(r)).extracting(m -> m.get("action")).containsExactly("DELETE_USER");
        assertThat(sql.queryForObject("SELECT active FROM users WHERE id = ?", Boolean.class, staff.id())).isFalse();

        sql.update("UPDATE users SET active = false WHERE role = 'ADMIN' AND email <> ?", ADMIN_EMAIL);
        String adminId = sql.queryForObject("SELECT id::text FROM users WHERE email = ?", String.class, ADMIN_EMAIL);
        Api.Response last = api.delete("/api/users/" + adminId, admin);
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.json().get("detail").asString()).contains("last active administrator");
    }

    @Test
    void roleChangesApplyAtOnceAndAreAudited() {
        String admin = adminToken();
        Api.User u = api.createUser(admin, "STAFF");
        String token = api.login(u.email(), u.password());
        assertThat(api.get("/api/users", token).status()).isEqualTo(403);

        Api.Response change = api.patch("/api/users/" + u.id(), admin, Map.of("role", "ADMIN"));
        assertThat(change.status()).isEqualTo(200);
        assertThat(auditOf(change).get(0)).containsEntry("action", "ROLE_CHANGE");
        assertThat(api.get("/api/users", token).status()).isEqualTo(200);
    }

    @Test
    void unknownUserIdsAre404AndMalformedIdsAre400() {
        String admin = adminToken();
        assertThat(api.delete("/api/users/00000000-0000-0000-0000-000000000000", admin).status()).isEqualTo(404);
        Api.Response bad = api.delete("/api/users/not-a-uuid", admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("must be a UUID");
    }
}
