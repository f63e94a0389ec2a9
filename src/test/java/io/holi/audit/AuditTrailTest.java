package io.holi.audit;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditTrailTest extends ApiTest {

    @Test
    void theApplicationRoleCannotUpdateDeleteOrTruncateAuditRowsEvenWithPlainSql() throws SQLException {
        adminToken(); // leaves a LOGIN row
        String partition = sql.queryForObject("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_logs'::regclass AND c.relname = to_char(now() AT TIME ZONE 'UTC', '"audit_logs_y"YYYY"m"MM')""",
                String.class);
        long before = sql.queryForObject("SELECT count(*) FROM audit_logs", Long.class);
        try (Connection c = connectAsApplicationRole(); Statement s = c.createStatement()) {
            for (String statement : List.of(
                    "UPDATE audit_logs SET user_email = 'someone-else@x' WHERE action = 'LOGIN'",
                    "DELETE FROM audit_logs WHERE action = 'LOGIN'",
                    "TRUNCATE audit_logs",
                    "UPDATE " + partition + " SET outcome = 'FAILED'",
                    "DELETE FROM " + partition,
                    "TRUNCATE " + partition)) {
                assertThatThrownBy(() -> s.execute(statement)).as(statement).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs", Long.class)).isGreaterThanOrEqualTo(before);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE user_email = 'someone-else@x'", Long.class)).isZero();
    }

    @Test
    void evenASuperuserIsStoppedByTheTrigger() throws SQLException {
        adminToken();
        try (Connection c = connectAsSuperuser(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_logs")).hasMessageContaining("append-only");
        }
    }

    @Test
    void auditorsReadTheTrailNewestFirstWithFiltersAndTheReadingIsAuditedToo() {
        String admin = adminToken();
        Api.User auditor = api.createUser(admin, "AUDITOR");
        Api.User staff = api.createUser(admin, "STAFF");
        api.login(staff.email(), staff.password());
        String token = api.login(auditor.email(), auditor.password());

        Api.Response r = api.get("/api/audit-logs?userId=" + staff.id() + "&action=LOGIN&size=10", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isEqualTo(1);
        assertThat(r.json().get("page").asInt()).isZero();
        assertThat(r.json().get("size").asInt()).isEqualTo(10);
        var item = r.json().get("items").get(0);
        assertThat(item.get("action").asString()).isEqualTo("LOGIN");
        assertThat(item.get("userId").asString()).isEqualTo(staff.id().toString());
        assertThat(item.get("ipAddress").asString()).isEqualTo("127.0.0.1");

        Api.Response all = api.get("/api/audit-logs?size=50", token);
        var items = all.json().get("items");
        for (int i = 1; i < items.size(); i++) {
            // Instants, not strings: ISO-8601 text drops trailing zeros, so "05.129Z" sorts before "05.12Z" as text
            assertThat(Instant.parse(items.get(i - 1).get("timestamp").asString()))
                    .isAfterOrEqualTo(Instant.parse(items.get(i).get("timestamp").asString()));
        }
        assertThat(auditOf(r)).hasSize(1);
        assertThat(auditOf(r).get(0)).containsEntry("action", "READ").containsEntry("resource", "AuditLog")
                .containsEntry("user_id", auditor.id());
    }

    @Test
    void clinicianscannotReadTheTrail() {
        Api.User doc = api.createUser(adminToken(), "CLINICIAN");
        Api.Response r = api.get("/api/audit-logs", api.login(doc.email(), doc.password()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(auditOf(r)).extracting(m -> m.get("action")).containsExactly("PERMISSION_DENIED");
    }

    @Test
    void badFiltersAre400() {
        String admin = adminToken();
        assertThat(api.get("/api/audit-logs?action=HACK", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/audit-logs?from=yesterday", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/audit-logs?size=100000", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/audit-logs?userId=42", admin).status()).isEqualTo(400);
    }

    @Test
    void partitionsExistAheadOfTime() {
        Integer months = sql.queryForObject("""
                SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass""", Integer.class);
        assertThat(months).isGreaterThanOrEqualTo(4);
        String next = sql.queryForObject("SELECT to_char((now() AT TIME ZONE 'UTC') + interval '3 months', '\"audit_logs_y\"YYYY\"m\"MM')",
                String.class);
        assertThat(sql.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, next)).isTrue();
    }
}
