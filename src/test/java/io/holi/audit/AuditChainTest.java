package io.holi.audit;

import io.holi.testing.CommandLineTest;
import io.holi.audit.internal.SealFormat;
import io.holi.audit.internal.SealedRows;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.CliRunner;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash chain against a database administrator: rows changed, deleted and inserted behind the triggers'
 * back through a superuser session, and a chain rewritten to match; the archive after a killed process; pruning
 * that only drops what is archived.
 */
class AuditChainTest extends CommandLineTest {

    record Clinic(DatabaseUrl db, Path store, Map<String, String> settings) {
        Run holi(String... args) {
            return command("", args);
        }

        void sql(String... statements) throws Exception {
            DatabaseUrl su = TestPostgres.superuser(db);
            try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement s = c.createStatement()) {
                for (String st : statements) {
                    s.execute(st);
                }
            }
        }

        /** As the application role, which owns the tables and partitions in production. */
        void appSql(String... statements) throws Exception {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
                for (String st : statements) {
                    s.execute(st);
                }
            }
        }

        long count(String query) throws Exception {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The command-line tests' database and object store, given back as new before each test: {@code rows} audit records
     * spread over the last {@code days} days (sealed {@link #SEAL_BATCH} ids at a time).
     */
    static Clinic clinic(int rows, int days) throws Exception {
        CliRunner.freshDatabase(DATABASE);
        emptyStore();
        Clinic c = new Clinic(DATABASE, STORE, settings());
        c.appSql("SELECT holi_ensure_audit_partitions(" + (days / 28 + 2) + ", 3)",
                "INSERT INTO audit_logs (\"timestamp\", user_id, user_email, role, action, resource, patient_id, ip_address, outcome, details) "
                        + "SELECT now() - (g * interval '1 second' * " + days + " * 86400 / " + rows + "), gen_random_uuid(), "
                        + "'user' || (g % 20) || '@clinic.test', 'CLINICIAN', 'READ', 'Patient', gen_random_uuid(), "
                        + "('10.0.0.' || (g % 200))::inet, 'SUCCESS', jsonb_build_object('n', g) FROM generate_series(1, " + rows + ") g");
        return c;
    }

    @Test
    void aChangedRowIsFoundAndItsBatchNamed() throws Exception {
        Clinic c = clinic(12_000, 2);
        Run seal = c.holi("audit", "seal");
        assertThat(seal.exitCode()).as(seal.all()).isZero();
        assertThat(seal.out()).contains("Sealed 12000 rows in 3 batches");
        Run ok = c.holi("audit", "verify");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("The audit trail is intact").contains("matches the head written to");
        assertThat(Files.exists(c.store().resolve(AuditChain.HEAD_KEY))).isTrue();

        // the triggers refuse an UPDATE; a superuser switches them off for the session and changes a row
        c.sql("SET session_replication_role = replica",
                "UPDATE audit_logs SET user_email = 'someone-else@clinic.test' WHERE id = 7000");
        Run tampered = c.holi("audit", "verify");
        assertThat(tampered.exitCode()).isEqualTo(4);
        assertThat(tampered.out()).contains("TAMPERING DETECTED in batch 2 (audit ids 5001 to 10000)")
                .contains("row contents changed");
    }

    @Test
    void aDeletedRowAnInsertedRowAndARewrittenChainAreEachFound() throws Exception {
        Clinic c = clinic(30_000, 1);
        assertThat(c.holi("audit", "seal").exitCode()).isZero();

        c.sql("SET session_replication_role = replica", "DELETE FROM audit_logs WHERE id = 12345");
        Run deleted = c.holi("audit", "verify");
        assertThat(deleted.exitCode()).isEqualTo(4);
        assertThat(deleted.out()).contains("batch 3").contains("1 row(s) deleted");

        // put a forged row in its place: same count, different content
        c.sql("INSERT INTO audit_logs (id, \"timestamp\", action, outcome) VALUES (12345, now() - interval '2 hours', 'READ', 'SUCCESS')");
        Run forged = c.holi("audit", "verify");
        assertThat(forged.exitCode()).isEqualTo(4);
        assertThat(forged.out()).contains("row contents changed");

        // an extra row inside the sealed range, alongside the forged one
        c.sql("INSERT INTO audit_logs (id, \"timestamp\", action, outcome) VALUES (29999 + 1000000, now(), 'READ', 'SUCCESS')");
        c.sql("SET session_replication_role = replica", "DELETE FROM audit_logs WHERE id = 1029999",
                "INSERT INTO audit_logs (id, \"timestamp\", action, outcome) SELECT 12346, \"timestamp\", 'READ', 'SUCCESS' FROM audit_logs WHERE id = 12347");
        Run inserted = c.holi("audit", "verify");
        assertThat(inserted.exitCode()).isEqualTo(4);
        assertThat(inserted.out()).contains("batch 3").contains("1 row(s) inserted");

        // a DBA who also rewrites the seals so that the database's chain is consistent again
        Clinic d = clinic(SEAL_BATCH, 1);
        assertThat(d.holi("audit", "seal").exitCode()).isZero();
        d.sql("SET session_replication_role = replica", "UPDATE audit_logs SET user_email = 'forged@clinic.test' WHERE id = 10");
        SealedRows.Digest redone;
        try (Connection conn = DriverManager.getConnection(d.db().jdbcUrl(), d.db().username(), d.db().password())) {
            var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(conn, true));
            redone = SealedRows.digest(jdbc, SealFormat.CURRENT, 0, SEAL_BATCH);
        }
        String digest = AuditChain.chainDigest(SealFormat.CURRENT, AuditChain.GENESIS, 1, 0, SEAL_BATCH, redone.count(), redone.sha256());
        d.sql("UPDATE holi_ops.audit_seals SET rows_sha256 = '" + redone.sha256() + "', digest = '" + digest + "' WHERE batch = 1");
        Run rewritten = d.holi("audit", "verify");
        assertThat(rewritten.exitCode()).isEqualTo(4);
        assertThat(rewritten.out()).contains("DIFFERS from the head written to").contains("history was rewritten");
    }

    /**
     * A database sealed by a release before v2 (its seals in v1, JSON built by PostgreSQL) and sealed on by this one:
     * the chain verifies across the change, both formats archive and read back, and a change in a v1 batch is found.
     */
    @Test
    void aChainSealedInV1BeforeTheUpgradeStillVerifiesAndContinuesInV2() throws Exception {
        Clinic c = clinic(12_000, 1);
        // what the earlier release wrote: batches 1 and 2 in v1 (no head in the object store yet)
        String prev = AuditChain.GENESIS;
        try (Connection conn = DriverManager.getConnection(c.db().jdbcUrl(), c.db().username(), c.db().password())) {
            var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(conn, true));
            for (long batch = 1; batch <= 2; batch++) {
                long after = (batch - 1) * SEAL_BATCH;
                SealedRows.Digest d = SealedRows.digest(jdbc, SealFormat.V1, after, after + SEAL_BATCH);
                String digest = AuditChain.chainDigest(SealFormat.V1, prev, batch, after, after + SEAL_BATCH, d.count(), d.sha256());
                c.sql("INSERT INTO holi_ops.audit_seals (batch, after_id, last_id, row_count, rows_sha256, prev_digest, digest, format) "
                        + "VALUES (" + batch + ", " + after + ", " + (after + SEAL_BATCH) + ", " + d.count() + ", '" + d.sha256() + "', '"
                        + prev + "', '" + digest + "', 'v1')");
                prev = digest;
            }
        }
        Run seal = c.holi("audit", "seal");
        assertThat(seal.exitCode()).as(seal.all()).isZero();
        assertThat(seal.out()).contains("Sealed 2000 rows in 1 batches");
        assertThat(c.count("SELECT count(*) FROM holi_ops.audit_seals WHERE format = 'v2' AND batch = 3 AND prev_digest = '" + prev + "'"))
                .isEqualTo(1);
        Run ok = c.holi("audit", "verify");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("The audit trail is intact").contains("12000 rows");

        // both formats archive, each read back to its seal's digest
        assertThat(c.holi("audit", "archive").exitCode()).isZero();
        List<Path> objects = archived(c.store());
        // (the commands' own audit records make later batches: v2 too)
        assertThat(objects).extracting(o -> o.getFileName().toString())
                .startsWith("batch-000000000001.jsonl.gz", "batch-000000000002.jsonl.gz", "batch-000000000003.tsv.gz")
                .allMatch(n -> n.compareTo("batch-000000000003") < 0 ? n.endsWith(".jsonl.gz") : n.endsWith(".tsv.gz"));
        for (Path o : objects) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(o))) {
                SealedRows.Digest d = SealedRows.digestLines(in);
                assertThat(c.count("SELECT count(*) FROM holi_ops.audit_seals WHERE rows_sha256 = '" + d.sha256() + "' AND row_count = "
                        + d.count())).as(o.toString()).isEqualTo(1);
            }
        }

        c.sql("SET session_replication_role = replica", "UPDATE audit_logs SET outcome = 'DENIED' WHERE id = 4321");
        Run tampered = c.holi("audit", "verify");
        assertThat(tampered.exitCode()).isEqualTo(4);
        assertThat(tampered.out()).contains("TAMPERING DETECTED in batch 1").contains("row contents changed");
    }

    @Test
    void anArchiveKilledMidwayResumesWithNothingLostAndNothingTwice() throws Exception {
        Clinic c = clinic(50_000, 2);
        assertThat(c.holi("audit", "seal").exitCode()).isZero();
        List<String> command = new ArrayList<>(io.holi.testing.TestJvm.java("-cp", System.getProperty("java.class.path")));
        c.settings().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("io.holi.cli.HoliMain", "audit", "archive"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Awaitility.await("the first batch archived").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> archived(c.store()).size() >= 1 || !p.isAlive());
        p.destroyForcibly().waitFor();
        assertThat(archived(c.store()).size()).as("killed before it finished").isLessThan(50_000 / SEAL_BATCH);

        Run resumed = c.holi("audit", "archive");
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        List<Path> objects = archived(c.store());
        assertThat(objects).hasSize(50_000 / SEAL_BATCH);
        long lines = 0;
        for (Path o : objects) {
            long batch = Long.parseLong(o.getFileName().toString().replaceAll("\\D", ""));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(o))) {
                SealedRows.Digest d = SealedRows.digestLines(in);
                lines += d.count();
                assertThat(c.count("SELECT count(*) FROM holi_ops.audit_seals WHERE batch = " + batch + " AND rows_sha256 = '"
                        + d.sha256() + "' AND row_count = " + d.count() + " AND archive_key IS NOT NULL")).as(o.toString()).isEqualTo(1);
            }
        }
        assertThat(lines).isEqualTo(50_000);
        try (Stream<Path> all = Files.walk(c.store())) {
            assertThat(all.filter(f -> f.getFileName().toString().startsWith(".upload-")).toList()).isEmpty();
        }
        assertThat(c.holi("audit", "verify").exitCode()).isZero();
    }

    private static List<Path> archived(Path store) throws Exception {
        Path dir = store.resolve("audit/archive");
        if (!Files.exists(dir)) {
            return List.of();
        }
        while (true) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(f -> f.toString().endsWith(".jsonl.gz") || f.toString().endsWith(".tsv.gz"))
                        .sorted(java.util.Comparator.comparing(f -> f.getFileName().toString())).toList();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
                // an upload was renamed into place while the directory was listed: list again
            }
        }
    }

    @Test
    void pruneDropsOnlyArchivedVerifiedPartitionsAndTheChainStillVerifies() throws Exception {
        Clinic c = clinic(20_000, 200);
        long oldRows = c.count("SELECT count(*) FROM audit_logs WHERE \"timestamp\" < date_trunc('month', now() - interval '100 days')");
        assertThat(oldRows).isPositive();
        assertThat(c.holi("audit", "seal").exitCode()).isZero();

        Run notArchived = c.holi("audit", "prune", "--older-than", "100d");
        assertThat(notArchived.exitCode()).isEqualTo(3);
        assertThat(notArchived.out()).as(notArchived.all()).contains("not archived: run holi audit archive");
        assertThat(c.count("SELECT count(*) FROM audit_logs WHERE action = 'READ'")).isEqualTo(20_000);

        assertThat(c.holi("audit", "archive").exitCode()).isZero();
        Run dry = c.holi("audit", "prune", "--older-than", "100d", "--dry-run");
        assertThat(dry.out()).contains("Would drop audit_logs_y");
        assertThat(c.count("SELECT count(*) FROM audit_logs WHERE action = 'READ'")).isEqualTo(20_000);
        Run prune = c.holi("audit", "prune", "--older-than", "100d");
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("Dropped audit_logs_y").contains("archived and verified");
        assertThat(c.count("SELECT count(*) FROM audit_logs WHERE action = 'READ'")).isLessThan(20_000);

        Run verify = c.holi("audit", "verify");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("from the archive").contains("The audit trail is intact");
        assertThat(c.holi("audit", "prune", "--older-than", "7d").exitCode()).isEqualTo(2);
    }
}
