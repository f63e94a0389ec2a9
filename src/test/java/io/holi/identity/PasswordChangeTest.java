package io.holi.identity;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Changing one's own password and an administrator's reset: both end every token the user holds at once. */
class PasswordChangeTest extends ApiTest {

    @Test
    void changingYourOwnPasswordNeedsTheCurrentOneAndEndsEveryTokenYouHold() {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        String first = api.login(doc.email(), doc.password());
        String second = api.login(doc.email(), doc.password());

        Api.Response wrong = api.post("/api/me/password", first, Map.of("currentPassword", "not-my-password",
                "newPassword", "a brand new passphrase"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("currentPassword");
        assertThat(auditOf(wrong).get(0)).containsEntry("action", "PASSWORD_CHANGE").containsEntry("outcome", "DENIED");
        assertThat(api.get("/api/me", first).status()).isEqualTo(200);

        Api.Response common = api.post("/api/me/password", first, Map.of("currentPassword", doc.password(),
                "newPassword", "password123456"));
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.json().get("detail").asString()).contains("newPassword").contains("common password");

        Api.Response changed = api.post("/api/me/password", first, Map.of("currentPassword", doc.password(),
                "newPassword", "a brand new passphrase"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(auditOf(changed)).extracting(m -> m.get("action")).containsExactly("PASSWORD_CHANGE");
        assertThat(api.get("/api/me", first).status()).isEqualTo(401);
        assertThat(api.get("/api/me", second).status()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", doc.password())).status())
                .isEqualTo(401);
        assertThat(api.get("/api/me", api.login(doc.email(), "a brand new passphrase")).status()).isEqualTo(200);
        assertThat(sql.queryForList("SELECT details::text FROM audit_logs WHERE details::text LIKE '%brand new%'")).isEmpty();
    }

    @Test
    void wrongCurrentPasswordsCountTowardsTheLockout() {
        Api.User doc = api.createUser(adminToken(), "STAFF");
        String token = api.login(doc.email(), doc.password());
        for (int i = 0; i < 5; i++) {
            api.post("/api/me/password", token, Map.of("currentPassword", "guess-number-" + i, "newPassword", "another passphrase ok"));
        }
        Api.Response locked = api.post("/api/me/password", token, Map.of("currentPassword", doc.password(),
                "newPassword", "another passphrase ok"));
        assertThat(locked.status()).isEqualTo(400);
        assertThat(auditOf(locked).get(0).get("details").toString()).contains("account locked");
    }

    @Test
    void anAdministratorResetsAPasswordWhichEndsTheUsersTokensAndLockout() {
        String admin = adminToken();
        Api.User nurse = api.createUser(admin, "CLINICIAN");
        String token = api.login(nurse.email(), nurse.password());
        sql.update("UPDATE users SET locked_until = now() + interval '10 minutes' WHERE id = ?", nurse.id());

        Api.Response reset = api.post("/api/users/" + nurse.id() + "/password", admin, Map.of("password", "handed over in person"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(204);
        assertThat(auditOf(reset)).extracting(m -> m.get("action")).containsExactly("PASSWORD_RESET");
        assertThat(api.get("/api/me", token).status()).isEqualTo(401);
        assertThat(api.login(nurse.email(), "handed over in person")).isNotBlank();

        Api.Response common = api.post("/api/users/" + nurse.id() + "/password", admin, Map.of("password", "scandinavian"));
        assertThat(common.status()).isEqualTo(400);
    }

    @Test
    void nobodyResetsTheirOwnPasswordWithoutTheCurrentOne() {
        String admin = adminToken();
        String me = api.get("/api/me", admin).json().get("id").asString();
        Api.Response r = api.post("/api/users/" + me + "/password", admin, Map.of("password", "taking over my account"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("current password");
    }

    @Test
    void holiUsersResetPasswordPrintsAGeneratedPasswordOnceAndEndsTheTokens() {
        Api.User staff = api.createUser(adminToken(), "STAFF");
        String token = api.login(staff.email(), staff.password());

        CliRunner.Run run = holi("", "users", "reset-password", staff.email());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Password of " + staff.email()).contains("New password: ");
        String generated = run.out().lines().filter(l -> l.startsWith("New password: ")).findFirst().orElseThrow()
                .substring("New password: ".length()).strip();
        assertThat(api.get("/api/me", token).status()).isEqualTo(401);
        assertThat(api.login(staff.email(), generated)).isNotBlank();

        CliRunner.Run weak = holi("password123456\n", "users", "reset-password", staff.email(), "--password-stdin");
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.err()).contains("common password");
        CliRunner.Run nobody = holi("", "users", "reset-password", "nobody@test.holi");
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("No user nobody@test.holi");
    }
}
