package io.holi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared test cluster's passwords are SCRAM secrets of 16 iterations, and signing in with them works. */
class TestPostgresTest {

    @Test
    void theRolesSignInThroughScramWithSixteenIterations() throws Exception {
        DatabaseUrl app = TestPostgres.newDatabase("scram");
        try (Connection c = DriverManager.getConnection(app.jdbcUrl(), app.username(), app.password());
             Connection su = TestPostgres.cluster().connectAsSuperuser("postgres");
             Statement s = su.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN ('postgres', 'holi') ORDER BY 1")) {
            assertThat(c.isValid(5)).isTrue();
            int roles = 0;
            while (rs.next()) {
                assertThat(rs.getString(2)).as(rs.getString(1)).startsWith("SCRAM-SHA-256$16:");
                roles++;
            }
            assertThat(roles).isEqualTo(2);
        }
    }
}
