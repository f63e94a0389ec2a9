package io.holi.demo;

import io.holi.testing.CommandLineTest;
import io.holi.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSeedTest extends CommandLineTest {

    private String[] run(String... args) {
        CliRunner.Run r = command("", args);
        return new String[]{String.valueOf(r.exitCode()), r.out(), r.err()};
    }

    @Test
    void seedingAnExternalDatabaseNeedsToBeAskedForExplicitly() {
        String[] refused = run("demo", "seed");
        assertThat(refused[0]).isEqualTo("2");
        assertThat(refused[2]).contains("--allow-external");
    }

    @Test
    void theDemoClinicHasItsStaffPatientsAndRecordsAndSeedingTwiceChangesNothing() throws Exception {
        String[] seeded = run("demo", "seed", "--allow-external");
        assertThat(seeded[0]).as(seeded[2]).isEqualTo("0");
        assertThat(seeded[1]).contains("Demo clinic created: 50 patients").contains("dr.ada@demo.holi")
                .contains("frontdesk@demo.holi").contains("auditor@demo.holi").contains("admin@demo.holi");
        try (var c = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.username(), DATABASE.password()); var s = c.createStatement()) {
            var rs = s.executeQuery("""
                    SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM patients), (SELECT count(*) FROM appointments),
                           (SELECT count(*) FROM prescriptions), (SELECT count(*) FROM notes),
                           (SELECT count(*) FROM audit_logs WHERE action = 'CREATE')""");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(5);
            assertThat(rs.getLong(2)).isEqualTo(50);
            assertThat(rs.getLong(3)).isGreaterThanOrEqualTo(50);
            assertThat(rs.getLong(4)).isEqualTo(50);
            assertThat(rs.getLong(5)).isEqualTo(50);
            assertThat(rs.getLong(6)).isGreaterThanOrEqualTo(200);
        }
        String[] again = run("demo", "seed", "--allow-external");
        assertThat(again[0]).isEqualTo("0");
        assertThat(again[1]).contains("already exists");
    }
}
