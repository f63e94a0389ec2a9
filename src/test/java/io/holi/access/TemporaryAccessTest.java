package io.holi.access;

import io.holi.testing.CommandLineTest;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manual's 5.1.2 as a command: expiring roles that can do what they were granted and nothing to the audit trail. */
class TemporaryAccessTest extends CommandLineTest {

    private static final DatabaseUrl db = DATABASE;

    @BeforeAll
    static void database() {
        assertThat(command("", "demo", "seed", "--allow-external").exitCode()).isZero();
    }

    record Role(String name, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(db.withCredentials(name, password).jdbcUrl(), name, password);
        }
    }

    private static Role grant(String privilege, String ttl) {
        Run r = command("", "access", "grant-temp", "--privilege", privilege, "--ttl", ttl,
                "--reason", "INC-142: repair appointment statuses", "--for", "dba@clinic.test");
        assertThat(r.exitCode()).as(r.all()).isZero();
        Matcher role = Pattern.compile("Created (holi_temp_\\w+)").matcher(r.out());
        Matcher pw = Pattern.compile("password: (\\S+)").matcher(r.out());
        assertThat(role.find() && pw.find()).as(r.out()).isTrue();
        return new Role(role.group(1), pw.group(1));
    }

    @Test
    void writeAccessChangesRecordsButNeverTheAuditTrailAndEveryStatementIsLogged() throws Exception {
        Role role = grant("write", "1h");
        String marker = "pgaudit-marker-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = role.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT '" + marker + "', count(*) FROM patients");
            assertThat(s.executeUpdate("UPDATE users SET name = name WHERE false")).isZero();
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_logs SET user_email = 'x' WHERE id = 1")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_logs")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO audit_logs (action, outcome) VALUES ('READ', 'SUCCESS')"))
                    .hasMessageContaining("permission denied");
        }
        var log = TestPostgres.cluster().logFile();
        Awaitility.await("pgAudit's line").atMost(Duration.ofMinutes(2)).until(() -> Files.readString(log).contains(marker));
        String line = Files.readString(log).lines().filter(l -> l.contains(marker)).findFirst().orElseThrow();
        assertThat(line).contains("AUDIT: SESSION").contains(role.name());

        Run list = command("", "access", "list");
        assertThat(list.out()).contains(role.name()).contains("write").contains("active").contains("INC-142");
    }

    @Test
    void readAccessOnlyReads() throws Exception {
        Role role = grant("read", "30m");
        try (Connection c = role.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT count(*) FROM users");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE users SET name = name")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void anExpiredRoleIsDroppedAndItsSessionEnded() throws Exception {
        Role role = grant("read", "5m");
        DatabaseUrl su = TestPostgres.superuser(db);
        try (Connection open = role.connect(); Statement s = open.createStatement()) {
            s.execute("SELECT 1");
            try (Connection admin = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement a = admin.createStatement()) {
                a.execute("ALTER ROLE " + role.name() + " VALID UNTIL '2000-01-01'");
                a.execute("UPDATE holi_ops.temporary_access SET valid_until = now() - interval '1 minute' WHERE role_name = '" + role.name() + "'");
            }
            assertThatThrownBy(role::connect).hasMessageContaining("authentication failed");
            Run revoke = command("", "access", "revoke-expired");
            assertThat(revoke.exitCode()).as(revoke.all()).isZero();
            assertThat(revoke.out()).contains("Dropped " + role.name());
            assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        try (Connection admin = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement a = admin.createStatement();
             var rs = a.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role.name() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(command("", "access", "list").out()).contains(role.name()).contains("dropped");
    }

    @Test
    void badRequestsAreRefusedWithReasons() {
        assertThat(command("", "access", "grant-temp", "--privilege", "admin", "--reason", "INC-1: something long").exitCode()).isEqualTo(2);
        Run tooLong = command("", "access", "grant-temp", "--privilege", "read", "--ttl", "9h", "--reason", "INC-1: something long");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("8h");
        Run noReason = command("", "access", "grant-temp", "--privilege", "read", "--reason", "fix");
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).contains("at least 10 characters");
    }
}
