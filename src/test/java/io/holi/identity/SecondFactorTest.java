package io.holi.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.TestMfa;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The second factor through the API: required of admins and auditors, enrolled with the password, asked for at every
 * sign-in, each code accepted once, recovery codes used up, wrong codes counted towards the lockout, reset by another
 * admin only (audited), and the secret never stored in clear.
 */
class SecondFactorTest extends ApiTest {

    private Api.Response login(String email, String password, String code) {
        return api.post("/api/auth/login", null, code == null ? Map.of("email", email, "password", password)
                : Map.of("email", email, "password", password, "code", code));
    }

    @Test
    void anAuditorMustEnrolThenSignsInWithACodeThatWorksOnce() {
        Api.User auditor = api.createUser(adminToken(), "AUDITOR");
        Api.Response first = login(auditor.email(), auditor.password(), null);
        assertThat(first.status()).isEqualTo(403);
        assertThat(first.body()).contains("must enrol a second factor");

        Api.Response started = api.post("/api/auth/mfa/enrol", null, Map.of("email", auditor.email(), "password", auditor.password()));
        assertThat(started.status()).isEqualTo(200);
        String secret = started.json().get("secret").asString();
        assertThat(started.json().get("otpauthUri").asString()).startsWith("otpauth://totp/").contains("secret=" + secret);
        TestMfa.enrolled(auditor.email(), secret);
        assertThat(api.post("/api/auth/mfa/confirm", null, Map.of("email", auditor.email(), "password", auditor.password(),
                "code", "123456")).status()).isEqualTo(400);
        Api.Response confirmed = api.post("/api/auth/mfa/confirm", null, Map.of("email", auditor.email(),
                "password", auditor.password(), "code", TestMfa.nextCode(auditor.email())));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().get("recoveryCodes")).hasSize(10);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'MFA_ENROL' AND resource_id = ?",
                Long.class, auditor.id())).isEqualTo(1);

        Api.Response noCode = login(auditor.email(), auditor.password(), null);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.body()).contains("\"code\"");
        String code = TestMfa.nextCode(auditor.email());
        assertThat(login(auditor.email(), auditor.password(), code).status()).isEqualTo(200);
        assertThat(login(auditor.email(), auditor.password(), code).status()).as("a code is accepted once").isEqualTo(401);
        assertThat(api.get("/api/me", api.login(auditor.email(), auditor.password())).json().get("secondFactor").asBoolean()).isTrue();

        // the secret is stored encrypted: neither its text nor its bytes are in the row
        byte[] stored = sql.queryForObject("SELECT mfa_secret FROM users WHERE id = ?", byte[].class, auditor.id());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    }

    @Test
    void aRecoveryCodeWorksOnceAndWrongCodesLockTheAccountLikeWrongPasswords() {
        Api.User admin = api.createUser(adminToken(), "ADMIN");
        Api.Response started = api.post("/api/auth/mfa/enrol", null, Map.of("email", admin.email(), "password", admin.password()));
        TestMfa.enrolled(admin.email(), started.json().get("secret").asString());
        Api.Response confirmed = api.post("/api/auth/mfa/confirm", null, Map.of("email", admin.email(),
                "password", admin.password(), "code", TestMfa.nextCode(admin.email())));
        List<String> recovery = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> recovery.add(c.asString()));

        assertThat(login(admin.email(), admin.password(), recovery.get(0)).status()).isEqualTo(200);
        assertThat(login(admin.email(), admin.password(), recovery.get(0)).status()).as("used up").isEqualTo(401);
        assertThat(login(admin.email(), admin.password(), recovery.get(1)).status()).isEqualTo(200);

        for (int i = 0; i < 5; i++) {
            assertThat(login(admin.email(), admin.password(), "000000").status()).isEqualTo(401);
        }
        Api.Response locked = login(admin.email(), admin.password(), TestMfa.nextCode(admin.email()));
        assertThat(locked.status()).as("five wrong codes lock the account: " + locked.body()).isEqualTo(401);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'LOGIN_FAILED' AND user_id = ?"
                + " AND details::text LIKE '%locked%'", Long.class, admin.id())).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anotherAdminResetsASecondFactorButNobodyResetsTheirOwn() {
        String admin = adminToken();
        Api.User auditor = api.createUser(admin, "AUDITOR");
        String auditorToken = api.login(auditor.email(), auditor.password());

        Api.User otherAdmin = api.createUser(admin, "ADMIN");
        String other = api.login(otherAdmin.email(), otherAdmin.password());
        Api.Response own = api.post("/api/users/" + otherAdmin.id() + "/mfa/reset", other, Map.of());
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body()).contains("Nobody resets their own second factor");

        assertThat(api.post("/api/users/" + auditor.id() + "/mfa/reset", other, Map.of()).status()).isEqualTo(204);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'MFA_RESET' AND resource_id = ?",
                Long.class, auditor.id())).isEqualTo(1);
        assertThat(api.get("/api/me", auditorToken).status()).as("the auditor's tokens end").isEqualTo(401);
        Api.Response again = login(auditor.email(), auditor.password(), TestMfa.nextCode(auditor.email()));
        assertThat(again.status()).as("the old app's codes no longer work; the auditor enrols again").isEqualTo(403);
        assertThat(again.body()).contains("must enrol a second factor");

        Api.User clerk = api.createUser(admin, "STAFF");
        String clerkToken = api.login(clerk.email(), clerk.password());
        assertThat(api.post("/api/users/" + auditor.id() + "/mfa/reset", clerkToken, Map.of()).status()).isEqualTo(403);
    }
}
