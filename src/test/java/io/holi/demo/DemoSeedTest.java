package io.holi.demo;

import io.holi.cli.Cli;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSeedTest {

    private DatabaseUrl db;

    @BeforeEach
    void database() {
        db = TestPostgres.newDatabase("demo");
        System.setProperty("holi.database.url", db.toUriWithPassword());
        System.setProperty("holi.crypto.encryption-key", TestKeys.FIELD_V1);
        System.setProperty("holi.crypto.blind-index-key", TestKeys.BLIND_INDEX);
    }

    @AfterEach
    void clear() {
        System.clearProperty("holi.database.url");
        System.clearProperty("holi.crypto.encryption-key");
        System.clearProperty("holi.crypto.blind-index-key");
    }

    private String[] run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            var cmd = Cli.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            int code = cmd.execute(args);
            return new String[]{String.valueOf(code), captured.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(out);
        }
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
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); var s = c.createStatement()) {
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
