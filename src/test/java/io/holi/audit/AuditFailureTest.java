package io.holi.audit;

import io.holi.testing.Api;
import io.holi.testing.TestMfa;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 1: when the audit record cannot be written, the request fails with 503, returns nothing and
 * changes nothing. The failure is real: the application role loses its INSERT privilege on audit_logs.
 */
class AuditFailureTest extends ApiTest {

    @Test
    void whenTheAuditInsertFailsRequestsAre503AndNothingIsReturnedOrWritten() {
        String admin = adminToken();
        Api.User auditor = api.createUser(admin, "AUDITOR");
        String auditorToken = api.login(auditor.email(), auditor.password());
        String email = "never-created-" + System.nanoTime() + "@test.holi";
        sql.execute("REVOKE INSERT ON audit_logs FROM " + DATABASE.username());
        try {
            Api.Response create = api.post("/api/users", admin, Map.of("email", email, "name", "Never",
                    "role", "STAFF", "password", "twelve-chars-ok"));
            assertThat(create.status()).isEqualTo(503);
            assertThat(create.body()).doesNotContain(email).contains("audit trail cannot be written");
            assertThat(sql.queryForObject("SELECT count(*) FROM users WHERE email = ?", Long.class, email)).isZero();

            Api.Response read = api.get("/api/audit-logs?size=5", auditorToken);
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.body()).doesNotContain("items").doesNotContain(auditor.email());

            Api.Response login = api.post("/api/auth/login", null, Map.of("email", auditor.email(), "password", auditor.password(),
                    "code", TestMfa.nextCode(auditor.email())));
            assertThat(login.status()).isEqualTo(503);
            assertThat(login.body()).doesNotContain("accessToken");
        } finally {
            sql.execute("GRANT INSERT ON audit_logs TO " + DATABASE.username());
        }
        assertThat(api.get("/api/audit-logs?size=5", auditorToken).status()).isEqualTo(200);
    }
}
