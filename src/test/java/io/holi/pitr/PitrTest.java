package io.holi.pitr;

import io.holi.testing.TempDirs;
import io.holi.platform.DataDirectory;
import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;
import io.holi.platform.OsProcess;
import io.holi.testing.CliRunner;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.S3Server;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Point-in-time recovery end to end, with the real pgBackRest and a real cluster (run as the postgres user):
 * set up, back up, write rows, note the time, write more, restore to that time in a new data directory.
 */
@Order(5) // one of the longest classes: started first (junit-platform.properties)
class PitrTest {

    @Test
    void aRestoreToAMomentHasTheRowsWrittenBeforeItAndNoneAfter() throws Exception {
        Path home = TempDirs.directory("holi-pitr");
        restoreToAMoment(home, Map.of("holi.data-dir", home.toString()));
    }

    /**
     * The manual's repository in S3: pgBackRest speaks only https, here to an S3-compatible server whose
     * certificate comes from a private CA (AWS_CA_BUNDLE). The same recovery works, and the bucket holds
     * only ciphertext.
     */
    @Test
    void anS3RepositoryOverHttpsWorksTheSameAndHoldsOnlyCiphertext() throws Exception {
        try (S3Server s3 = S3Server.startTls("pitr-bucket")) {
            Path home = TempDirs.directory("holi-pitr-s3");
            String conf = restoreToAMoment(home, Map.of("holi.data-dir", home.toString(), "holi.pitr.repo", "s3://pitr-bucket/clinic",
                    "AWS_ENDPOINT_URL", s3.endpoint(), "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "AWS_CA_BUNDLE", s3.caCertificate().toString()));
            assertThat(conf).contains("repo1-type=s3")
                    .contains("repo1-s3-endpoint=localhost:").contains("repo1-storage-ca-file=" + s3.caCertificate());
            Path info = s3.file("pitr-bucket", "clinic/backup/holi/backup.info");
            assertThat(info).exists();
            // pgBackRest's aes-256-cbc files start with OpenSSL's salt header; plaintext would start "[backrest]"
            assertThat(new String(Files.readAllBytes(info), 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("Salted__");
            try (Stream<Path> wal = Files.walk(s3.file("pitr-bucket", "clinic/archive/holi"))) {
                assertThat(wal.filter(f -> f.getFileName().toString().matches("[0-9A-F]{24}-.*"))).isNotEmpty();
            }
        }
    }

    /** Set up, back up, write rows around a moment, restore to it; returns the pgBackRest configuration used. */
    private String restoreToAMoment(Path home, Map<String, String> settings) throws Exception {
        EmbeddedCluster cluster = EmbeddedCluster.at(home);
        Path restored = TempDirs.deleteAtExit(home.resolveSibling(home.getFileName() + "-restored"));
        TempDirs.deleteAtExit(home.resolveSibling(home.getFileName() + "-restored.log"));
        Integer restoredPort = null;
        try {
            Run setup = CliRunner.run(settings, "", "pitr", "setup");
            assertThat(setup.exitCode()).as(setup.all()).isZero();
            assertThat(setup.out()).contains("archive_mode = on").contains("archive_timeout = 60").contains("aes-256-cbc")
                    .contains("Archiving works");
            assertThat(Files.readString(cluster.dataDirectory().resolve("holi.conf"))).contains("archive-push %p");
            String conf = Files.readString(home.resolve("pgbackrest/pgbackrest.conf"));
            assertThat(conf).contains("repo1-cipher-type=aes-256-cbc").contains("repo1-cipher-pass=");
            assertThat(Files.getPosixFilePermissions(home.resolve("pgbackrest/pgbackrest.conf")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

            cluster.start();
            Run full = CliRunner.run(settings, "", "pitr", "backup", "--type", "full");
            assertThat(full.exitCode()).as(full.all()).isZero();
            assertThat(full.out()).contains("(full)");

            DatabaseUrl app = cluster.application();
            Instant moment;
            try (Connection c = DriverManager.getConnection(app.jdbcUrl(), app.username(), app.password()); Statement s = c.createStatement()) {
                // pgBackRest picks a backup that stopped before the target in whole seconds: the moment must fall in a
                // later second than the backup's end, so wait for the server's clock to enter the next second
                s.execute("DO $$ DECLARE t timestamptz := date_trunc('second', clock_timestamp()); BEGIN "
                        + "WHILE date_trunc('second', clock_timestamp()) <= t LOOP PERFORM pg_sleep(0.05); END LOOP; END $$");
                s.execute("CREATE TABLE pitr_probe (n integer PRIMARY KEY)");
                s.execute("INSERT INTO pitr_probe SELECT generate_series(1, 100)");
                s.execute("SELECT pg_sleep(0.5)");
                try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
                    rs.next();
                    moment = rs.getTimestamp(1).toInstant();
                }
                s.execute("SELECT pg_sleep(0.5)");
                s.execute("INSERT INTO pitr_probe SELECT generate_series(101, 200)");
            }
            // pgBackRest's check switches to a new WAL segment and waits until the one holding the later rows is archived
            Run check = CliRunner.run(settings, "", "pitr", "check");
            assertThat(check.exitCode()).as(check.all()).isZero();
            assertThat(check.out()).contains("Archiving:        OK").contains("Backups:          1");

            Run noZone = CliRunner.run(settings, "", "pitr", "restore", "--recovery-target-time", "2026-01-01 10:00:00",
                    "--to", restored.toString());
            assertThat(noZone.exitCode()).isEqualTo(2);
            assertThat(noZone.err()).contains("no time zone");
            Run overRunning = CliRunner.run(settings, "", "pitr", "restore", "--recovery-target-time", moment.toString(),
                    "--to", cluster.dataDirectory().toString());
            assertThat(overRunning.exitCode()).isEqualTo(2);
            assertThat(overRunning.err()).contains("running cluster");

            Run restore = CliRunner.run(settings, "", "pitr", "restore", "--recovery-target-time", moment.toString(),
                    "--to", restored.toString(), "--start");
            assertThat(restore.exitCode()).as(restore.all()).isZero();
            Matcher port = Pattern.compile("Running on 127\\.0\\.0\\.1:(\\d+)").matcher(restore.out());
            assertThat(port.find()).as(restore.out()).isTrue();
            restoredPort = Integer.parseInt(port.group(1));

            String password = new DataDirectory(home).existingSecret("postgres-password").orElseThrow();
            DatabaseUrl back = DatabaseUrl.of("127.0.0.1", restoredPort, "holi", "postgres", password);
            try (Connection c = DriverManager.getConnection(back.jdbcUrl(), back.username(), back.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), max(n), pg_is_in_recovery() FROM pitr_probe")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows written before the moment").isEqualTo(100);
                assertThat(rs.getInt(2)).as("no row written after it").isEqualTo(100);
                assertThat(rs.getBoolean(3)).isFalse();
            }
            assertThat(Files.readString(restored.resolve("postgresql.auto.conf"))).contains("archive_mode = off");
            return conf;
        } finally {
            if (restoredPort != null) {
                OsProcess.run(OsProcess.asPostgres(List.of(cluster.binaries().tool("pg_ctl").toString(), "-D", restored.toString(),
                        "-m", "immediate", "-w", "stop")), Duration.ofMinutes(1));
            }
            cluster.destroy();
        }
    }
}
