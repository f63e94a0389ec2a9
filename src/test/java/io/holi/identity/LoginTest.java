package io.holi.identity;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTest extends ApiTest {

    @Test
    void loginReturnsABearerTokenAndIsAudited() {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        Api.Response r = api.post("/api/auth/login", null, Map.of("email", doc.email().toUpperCase(), "password", doc.password()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(r.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(r.json().get("accessToken").asString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");

        Map<String, Object> row = auditOf(r).get(0);
        assertThat(row).containsEntry("action", "LOGIN").containsEntry("outcome", "SUCCESS")
                .containsEntry("user_id", doc.id()).containsEntry("ip", "127.0.0.1")
                .containsEntry("user_agent", "holi-tests/1.0");

        Api.Response me = api.get("/api/me", r.json().get("accessToken").asString());
        assertThat(me.json().get("email").asString()).isEqualTo(doc.email());
        assertThat(me.json().get("role").asString()).isEqualTo("CLINICIAN");
        assertThat(me.body()).doesNotContain("password");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswerAndAreAuditedAsLoginFailed() {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        Api.Response wrong = api.send("POST", "/api/auth/login", null,
                Map.of("email", doc.email(), "password", "not-the-password"), Map.of("X-Forwarded-For", "198.51.100.23"));
        Api.Response unknown = api.post("/api/auth/login", null, Map.of("email", "nobody@test.holi", "password", "whatever-password"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().get("detail").asString()).isEqualTo(unknown.json().get("detail").asString());

        assertThat(auditOf(wrong).get(0)).containsEntry("action", "LOGIN_FAILED").containsEntry("outcome", "DENIED")
                .containsEntry("user_id", doc.id()).containsEntry("ip", "198.51.100.23")
                .containsEntry("user_agent", "holi-tests/1.0");
        assertThat(auditOf(unknown).get(0)).containsEntry("action", "LOGIN_FAILED")
                .containsEntry("user_email", "nobody@test.holi").containsEntry("user_id", null);
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPasswordUntilTheLockExpires() {
        Api.User doc = api.createUser(adminToken(), "STAFF");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", "wrong-" + i)).status())
                    .isEqualTo(401);
        }
        Api.Response locked = api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", doc.password()));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.json().get("detail").asString()).doesNotContain("exist");
        assertThat(auditOf(locked).get(0)).containsEntry("action", "LOGIN_FAILED");
        assertThat(auditOf(locked).get(0).get("details").toString()).contains("account locked");

        Object lockedUntil = sql.queryForObject("SELECT locked_until > now() + interval '14 minutes' FROM users WHERE id = ?",
                Boolean.class, doc.id());
        assertThat(lockedUntil).isEqualTo(true);

        // the lock is a point in time: once it has passed, the right password works again
        sql.update("UPDATE users SET locked_until = now() - interval '1 second' WHERE id = ?", doc.id());
        assertThat(api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", doc.password())).status())
                .isEqualTo(200);
    }

    @Test
    void parallelWrongPasswordsReachThePasswordHashAtMostFiveTimes() throws Exception {
        Api.User doc = api.createUser(adminToken(), "STAFF");
        int attempts = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String guess = "wrong-guess-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", guess)).status();
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> reasons = sql.queryForList("SELECT details->>'reason' FROM audit_logs WHERE action = 'LOGIN_FAILED' "
                + "AND user_id = ? ORDER BY id", String.class, doc.id());
        assertThat(reasons).hasSize(attempts);
        // each attempt is claimed in the database before its hash is checked: the sixth and later find the lock
        assertThat(reasons.stream().filter(r -> r.startsWith("wrong password"))).hasSize(5);
        assertThat(reasons.stream().filter(r -> r.equals("account locked"))).hasSize(attempts - 5);
        assertThat(api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", doc.password())).status())
                .isEqualTo(401);
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        Api.User doc = api.createUser(adminToken(), "STAFF");
        for (int i = 0; i < 4; i++) {
            api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", "wrong-" + i));
        }
        api.login(doc.email(), doc.password());
        for (int i = 0; i < 4; i++) {
            api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", "wrong-" + i));
        }
        api.login(doc.email(), doc.password());
    }

    @Test
    void logoutRevokesTheTokensIssuedBeforeIt() throws Exception {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        String token = api.login(doc.email(), doc.password());
        Api.Response out = api.post("/api/auth/logout", token, null);
        assertThat(out.status()).isEqualTo(204);
        assertThat(auditOf(out)).extracting(m -> m.get("action")).containsExactly("LOGOUT");

        Api.Response after = api.get("/api/me", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(auditOf(after).get(0).get("details").toString()).contains("revoked");
    }

    @Test
    void passwordsAreStoredAsArgon2HashesOnly() {
        Api.User doc = api.createUser(adminToken(), "AUDITOR");
        String hash = sql.queryForObject("SELECT password_hash FROM users WHERE id = ?", String.class, doc.id());
        assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain(doc.password());
        List<String> stored = sql.queryForList("SELECT details::text FROM audit_logs WHERE details::text LIKE ?", String.class,
                "%" + doc.password() + "%");
        assertThat(stored).isEmpty();
    }
}
