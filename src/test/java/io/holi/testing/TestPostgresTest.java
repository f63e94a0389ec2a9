package io.holi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared test cluster's application role signs in through SCRAM with 16 iterations; the superuser with 4,096. */
class TestPostgresTest {

    @Test
    void theApplicationRoleSignsInThroughScramWithSixteenIterations() throws Exception {
        DatabaseUrl app = TestPostgres.newDatabase("scram");
        try (Connection c = DriverManager.getConnection(app.jdbcUrl(), app.username(), app.password());
             Connection su = TestPostgres.cluster().connectAsSuperuser("postgres");
             Statement s = su.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN ('postgres', 'holi') ORDER BY 1")) {
            assertThat(c.isValid(5)).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("holi");
            assertThat(rs.getString(2)).startsWith("SCRAM-SHA-256$16:");
            // the superuser keeps PostgreSQL's 4,096: postgres_exporter's driver signs in with it and refuses fewer
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(rs.getString(2)).startsWith("SCRAM-SHA-256$4096:");
        }
    }
}
