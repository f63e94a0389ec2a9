package io.holi.backup;

import io.holi.testing.TempDirs;
import io.holi.testing.CommandLineTest;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.CliRunner;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.S3Server;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups as an operator uses them: the real command line against real PostgreSQL databases, a real object store
 * (a directory, and S3 through a real S3-compatible server), real pg_dump/pg_restore, and the stock age tool.
 */
@Order(3) // the longest of the classes that take turns on the command-line database: started first
class BackupTest extends CommandLineTest {

    private static final Pattern ID = Pattern.compile("backup-\\d{8}-\\d{6}");
    private static final DateTimeFormatter ID_FORMAT = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * The command-line tests' database, seeded as a demo clinic. Tests back it up and restore it elsewhere; the live
     * restore replaces it with a backup of itself and then undoes that, and the interrupted backup adds a large table
     * that it drops again.
     */
    private static final DatabaseUrl clinic = DATABASE;

    @BeforeAll
    static void seedClinic() {
        Run seed = command("", "demo", "seed", "--allow-external");
        assertThat(seed.exitCode()).as(seed.all()).isZero();
    }

    /**
     * The object store emptied (retention, the nearest-date search and an interrupted backup look at the whole store)
     * and the class's key in the key file (the wrong-key and public-key tests write theirs into it).
     */
    @BeforeEach
    void emptyStoreAndTheClassKey() throws IOException {
        emptyStore();
        writeBackupKey(TestKeys.BACKUP_IDENTITY);
    }

    static Run holi(String... args) {
        return command("", args);
    }

    /** A command with another key in the key file; the class's identity is back in it afterwards. */
    static Run holiWithKey(String key, String... args) {
        try {
            writeBackupKey(key);
            try {
                return holi(args);
            } finally {
                writeBackupKey(TestKeys.BACKUP_IDENTITY);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String created(Run run) {
        assertThat(run.exitCode()).as(run.all()).isZero();
        Matcher m = ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group();
    }

    static Path object(Path store, String id) {
        return store.resolve(id.substring(7, 11)).resolve(id.substring(11, 13)).resolve(id.substring(13, 15)).resolve(id + ".dump.enc");
    }

    static Path manifest(Path store, String id) {
        return object(store, id).resolveSibling(id + ".manifest.json");
    }

    /** Every table of the public schema, as a digest of all its rows in order. */
    static Map<String, String> contents(DatabaseUrl db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                        + "FROM public.\"" + t + "\" x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    static long count(DatabaseUrl db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int tables(DatabaseUrl db) throws SQLException {
        return (int) count(db, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
    }

    @Test
    void createVerifyAndRestoreRoundTripGivesIdenticalContent() throws Exception {
        Path store = STORE;
        Map<String, String> before = contents(clinic);
        String id = created(holi("backup", "create"));

        // encrypted at rest: the object is an age file, and no plaintext archive was written anywhere in the store
        byte[] head = new byte[21];
        try (var in = Files.newInputStream(object(store, id))) {
            in.readNBytes(head, 0, head.length);
        }
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("PGDMP");
            }
        }
        String manifestJson = Files.readString(manifest(store, id));
        assertThat(manifestJson).contains("\"public.patients\" : 50").contains("ciphertextSha256").contains("plaintextSha256")
                .contains("\"schemaVersion\" : \"").contains("pg_dump (PostgreSQL) 15");

        Run verify = holi("backup", "verify", id);
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("OK      " + id);
        Run list = holi("backup", "list");
        assertThat(list.out()).contains(id).contains("manual").contains("yes, ");

        DatabaseUrl target = TestPostgres.emptyDatabase("restored");
        Run restore = holi("backup", "restore", "--backup", id, "--target", target.toUriWithPassword());
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("public.patients").contains("audit trail     intact");
        assertThat(contents(target)).isEqualTo(before);

        // now the target holds data: replacing it needs --confirm
        Run again = holi("backup", "restore", "--backup", id, "--target", target.toUriWithPassword());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("holds data").contains("--confirm");
    }

    @Test
    void stockToolsAloneRestoreABackupWhenHoliIsGone() throws Exception {
        Path store = STORE;
        Map<String, String> before = contents(clinic);
        String id = created(holi("backup", "create"));
        Path key = TempDirs.file("backup-key", ".txt");
        Files.writeString(key, "# test only\n" + TestKeys.BACKUP_IDENTITY + "\n");
        DatabaseUrl target = TestPostgres.emptyDatabase("stock");
        DatabaseUrl superuser = TestPostgres.superuser(target);
        String pgRestore = TestPostgres.cluster().binaries().tool("pg_restore").toString();
        // exactly the command of docs/runbooks/DISASTER_RECOVERY_PLAN.md
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", "age -d -i \"$KEY\" < \"$OBJECT\" | \"$PG_RESTORE\" "
                + "--no-owner --no-privileges -d \"$TARGET\"").redirectErrorStream(true);
        pb.environment().putAll(Map.of("KEY", key.toString(), "OBJECT", object(store, id).toString(), "PG_RESTORE", pgRestore,
                "TARGET", "postgresql://" + superuser.username() + "@" + superuser.host() + ":" + superuser.port() + "/" + superuser.database(),
                "PGPASSWORD", superuser.password()));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(contents(superuser)).isEqualTo(before);
    }

    @Test
    void liveRestoreReplacesTheDataKeepsLaterAuditRecordsAndTakesASafetyBackupFirst() throws Exception {
        DatabaseUrl live = clinic;
        String id = created(holi("backup", "create"));
        long patientsAtBackup = count(live, "SELECT count(*) FROM patients");
        // the settings the seed and the backups use: one application context for all
        Run late = command("a-long-enough-password\n", "users", "create",
                "--email", "late@backup.test", "--role", "STAFF", "--password-stdin");
        assertThat(late.exitCode()).as(late.all()).isZero();
        Matcher lateId = Pattern.compile("\\(([0-9a-f-]{36})\\)").matcher(late.out());
        assertThat(lateId.find()).as(late.out()).isTrue();
        long auditBefore = count(live, "SELECT count(*) FROM audit_logs");

        Run refused = holi("backup", "restore", "--backup", id, "--target", "live");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("is the live database and holds data").contains("--confirm");
        assertThat(count(live, "SELECT count(*) FROM users WHERE email = 'late@backup.test'")).isEqualTo(1);

        Run restore = holi("backup", "restore", "--backup", id, "--target", "live", "--confirm");
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Maintenance mode on").contains("Maintenance mode off").contains("safety backup");
        assertThat(count(live, "SELECT count(*) FROM users WHERE email = 'late@backup.test'")).isZero();
        assertThat(count(live, "SELECT count(*) FROM patients")).isEqualTo(patientsAtBackup);
        // the records of what happened after the backup are history: they stay
        assertThat(count(live, "SELECT count(*) FROM audit_logs WHERE action = 'CREATE_USER' AND resource_id = '" + lateId.group(1) + "'"))
                .isEqualTo(1);
        assertThat(count(live, "SELECT count(*) FROM audit_logs")).isGreaterThanOrEqualTo(auditBefore);
        assertThat(count(live, "SELECT count(*) FROM holi_ops.maintenance WHERE active")).isZero();
        assertThat(count(live, "SELECT count(*) FROM holi_ops.operation_runs WHERE kind = 'backup.restore' AND outcome = 'SUCCESS' "
                + "AND subject = '" + id + "'")).isEqualTo(1);
        // append-only protection survived the restore
        assertThat(count(live, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_logs'::regclass AND tgname LIKE 'audit_logs_%'"))
                .isEqualTo(2);

        Matcher safety = Pattern.compile("safety backup   (backup-\\d{8}-\\d{6})").matcher(restore.out());
        assertThat(safety.find()).as(restore.out()).isTrue();
        assertThat(holi("backup", "list").out()).contains(safety.group(1) + "    ").contains("safety");
        Run undo = holi("backup", "restore", "--backup", safety.group(1), "--target", "live", "--confirm");
        assertThat(undo.exitCode()).as(undo.all()).isZero();
        assertThat(count(live, "SELECT count(*) FROM users WHERE email = 'late@backup.test'")).isEqualTo(1);
    }

    @Test
    void oneAlteredByteFailsVerifyNamingTheObjectAndARestoreChangesNothing() throws Exception {
        Path store = STORE;
        String id = created(holi("backup", "create"));
        Path object = object(store, id);
        flip(object, Files.size(object) / 2);

        Run verify = holi("backup", "verify", id);
        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(verify.out()).contains("FAILED  " + id).contains(id + ".dump.enc").contains("altered or damaged");
        assertThat(holi("backup", "list").out()).contains("FAILED, ");

        DatabaseUrl target = TestPostgres.emptyDatabase("tampered");
        Run restore = holi("backup", "restore", "--backup", id, "--target", target.toUriWithPassword());
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.err()).contains("rolled back").contains(id);
        assertThat(tables(target)).isZero();

        // a target that holds data: a safety backup is taken, the failed restore rolls back midway, and the message
        // names the safety backup that rebuilds the target should anything else have gone wrong with it
        String good = created(holi("backup", "create"));
        assertThat(holi("backup", "restore", "--backup", good, "--target", target.toUriWithPassword()).exitCode()).isZero();
        long patients = count(target, "SELECT count(*) FROM patients");
        long audit = count(target, "SELECT count(*) FROM audit_logs");
        Run overData = holi("backup", "restore", "--backup", id, "--target", target.toUriWithPassword(), "--confirm");
        assertThat(overData.exitCode()).isEqualTo(1);
        Matcher safety = Pattern.compile("the safety backup (backup-\\d{8}-\\d{6}) holds it as it was: holi backup restore --backup \\1 --target <url> --confirm")
                .matcher(overData.err());
        assertThat(safety.find()).as(overData.err()).isTrue();
        assertThat(overData.err()).contains("rolled back: the target is as it was before");
        assertThat(count(target, "SELECT count(*) FROM patients")).isEqualTo(patients);
        assertThat(count(target, "SELECT count(*) FROM audit_logs")).isEqualTo(audit);
        assertThat(holi("backup", "verify", safety.group(1)).exitCode()).isZero();

        // the header too
        String other = created(holi("backup", "create"));
        flip(object(store, other), 30);
        Run header = holi("backup", "verify", other);
        assertThat(header.exitCode()).isEqualTo(4);
        assertThat(header.out()).contains(other + ".dump.enc");
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    @Test
    void theWrongKeyIsNamedAndNothingIsRestored() throws Exception {
        String id = created(holi("backup", "create"));
        Run verify = holiWithKey(TestKeys.OTHER_BACKUP_IDENTITY, "backup", "verify", id);
        assertThat(verify.exitCode()).isEqualTo(4);
        assertThat(verify.out()).contains("FAILED  " + id).contains("another key");

        DatabaseUrl target = TestPostgres.emptyDatabase("wrongkey");
        Run restore = holiWithKey(TestKeys.OTHER_BACKUP_IDENTITY, "backup", "restore", "--backup", id,
                "--target", target.toUriWithPassword());
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.err()).contains("backup " + id).contains("cannot be decrypted with the configured BACKUP_ENCRYPTION_KEY");
        assertThat(tables(target)).isZero();
    }

    @Test
    void aServerGivenOnlyThePublicKeyWritesBackupsButCannotReadThem() throws Exception {
        String id = created(holiWithKey(TestKeys.BACKUP_RECIPIENT, "backup", "create"));
        Run verify = holiWithKey(TestKeys.BACKUP_RECIPIENT, "backup", "verify", id);
        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("only recipients");
        assertThat(holi("backup", "verify", id).exitCode()).isZero();
        // (a server with no key at all: OperationsEvidenceTest)
    }

    @Test
    void aDateWithoutABackupListsTheNearestOnes() throws Exception {
        String id = created(holi("backup", "create"));
        DatabaseUrl target = TestPostgres.emptyDatabase("nearest");
        Run missing = holi("backup", "restore", "--backup-date", "2020-01-01", "--target", target.toUriWithPassword());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no backup from 2020-01-01").contains("nearest backups").contains(id + "  (");
        Run bad = holi("backup", "restore", "--backup-date", "yesterday", "--target", target.toUriWithPassword());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("YYYY-MM-DD");
        Run none = holi("backup", "restore", "--target", target.toUriWithPassword());
        assertThat(none.exitCode()).isEqualTo(2);
    }

    @Test
    void pruneDeletesBeyondRetentionButAlwaysKeepsTheNewest() throws Exception {
        Path store = STORE;
        String real = created(holi("backup", "create"));
        List<String> old = new ArrayList<>();
        for (int days : new int[]{10, 100, 110, 120, 130, 140}) {
            old.add(copyAs(store, real, Instant.now().minus(Duration.ofDays(days))));
        }
        Path orphan = object(store, ID_FORMAT.format(Instant.now().minus(Duration.ofDays(200))));
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, new byte[]{1, 2, 3});
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(200))));

        Run dry = holi("backup", "prune", "--retention", "90d", "--keep-min", "3", "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Would delete " + old.get(2)).contains("Nothing was deleted");
        assertThat(Files.exists(manifest(store, old.get(5)))).isTrue();

        Run prune = holi("backup", "prune", "--retention", "90d", "--keep-min", "3");
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        // newest three kept (now, 10 and 100 days); the rest past 90 days deleted; the orphan's remains too
        assertThat(Files.exists(manifest(store, real))).isTrue();
        assertThat(Files.exists(manifest(store, old.get(0)))).isTrue();
        assertThat(Files.exists(manifest(store, old.get(1)))).isTrue();
        for (String gone : old.subList(2, 6)) {
            assertThat(Files.exists(manifest(store, gone))).as(gone).isFalse();
            assertThat(Files.exists(object(store, gone))).as(gone).isFalse();
        }
        assertThat(Files.exists(orphan)).isFalse();
        assertThat(prune.out()).contains("Deleted 4 backups; 3 kept.");
        assertThat(holi("backup", "prune", "--keep-min", "0").exitCode()).isEqualTo(2);
    }

    /** A copy of a backup under an older id: what a store looks like after months of daily backups. */
    private static String copyAs(Path store, String id, Instant when) throws IOException {
        String copy = ID_FORMAT.format(when);
        Files.createDirectories(object(store, copy).getParent());
        Files.copy(object(store, id), object(store, copy));
        String json = Files.readString(manifest(store, id)).replace(id, copy)
                .replaceFirst("\"startedAt\" : \"[^\"]+\"", "\"startedAt\" : \"" + when + "\"");
        Files.writeString(manifest(store, copy), json);
        return copy;
    }

    @Test
    void anInterruptedBackupLeavesNothingThatLooksLikeABackup() throws Exception {
        // the clinic with a large table for the length of this test: its backup takes long enough to be interrupted
        DatabaseUrl big = clinic;
        try (Connection c = DriverManager.getConnection(big.jdbcUrl(), big.username(), big.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bulk AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) || md5(random()::text) AS payload "
                    + "FROM generate_series(1, 1500000) g");
        }
        try {
            interruptedBackup(big);
        } finally {
            try (Connection c = DriverManager.getConnection(big.jdbcUrl(), big.username(), big.password()); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bulk");
            }
        }
    }

    private static void interruptedBackup(DatabaseUrl big) throws Exception {
        Path store = STORE;
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> holi("backup", "create"));
        Awaitility.await("the upload under way").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (Stream<Path> files = Files.walk(store)) {
                return files.anyMatch(f -> f.getFileName().toString().startsWith(".upload-") && sizeOf(f) > 256 * 1024);
            }
        });
        List<ProcessHandle> dumps = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cl -> cl.contains("pg_dump") && cl.contains(big.database())).orElse(false))
                .toList();
        assertThat(dumps).isNotEmpty();
        dumps.forEach(ProcessHandle::destroyForcibly);

        Run run = running.get();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("failed and left nothing behind").contains("pg_dump failed");
        try (Stream<Path> files = Files.walk(store)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> store.relativize(f).toString())
                    .filter(f -> !f.startsWith("evidence/")).toList()).isEmpty();
        }
        assertThat(holi("backup", "list").out()).contains("No backups");
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException gone) {
            return 0;
        }
    }

    @Test
    void s3RoundTripThroughARealS3CompatibleServerAndAClearErrorWhenItIsDown() throws Exception {
        try (S3Server s3 = S3Server.start("clinic-backups")) {
            Map<String, String> settings = new HashMap<>(settings());
            settings.remove("holi.storage.url");
            settings.putAll(s3.settings("clinic-backups/db"));
            Map<String, String> before = contents(clinic);
            Run create = CliRunner.run(settings, "", "backup", "create");
            String id = created(create);
            assertThat(create.out()).contains("s3://clinic-backups/db/");
            Path stored = s3.file("clinic-backups", "db/" + id.substring(7, 11) + "/" + id.substring(11, 13) + "/"
                    + id.substring(13, 15) + "/" + id + ".dump.enc");
            assertThat(new String(Files.readAllBytes(stored), 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");

            assertThat(CliRunner.run(settings, "", "backup", "list").out()).contains(id);
            Run verify = CliRunner.run(settings, "", "backup", "verify", "--latest");
            assertThat(verify.exitCode()).as(verify.all()).isZero();
            DatabaseUrl target = TestPostgres.emptyDatabase("from_s3");
            Run restore = CliRunner.run(settings, "", "backup", "restore", "--backup", id, "--target", target.toUriWithPassword());
            assertThat(restore.exitCode()).as(restore.all()).isZero();
            assertThat(contents(target)).isEqualTo(before);

            s3.stop();
            Run down = CliRunner.run(settings, "", "backup", "create");
            assertThat(down.exitCode()).isEqualTo(1);
            assertThat(down.err()).contains("s3://clinic-backups/db/").contains("cannot be reached").contains("left nothing behind");
        }
    }

    @Test
    void aRestoreDrillRunsInATemporaryClusterIsTimedAndLeavesEvidence() throws Exception {
        Path store = STORE;
        String id = created(holi("backup", "create"));
        Run drill = holi("backup", "test-restore", "--backup", id);
        assertThat(drill.exitCode()).as(drill.all()).isZero();
        assertThat(drill.out()).contains("Drill passed").contains("RTO 1h 0m: met").contains("public.audit_logs");
        try (Stream<Path> left = Files.list(SCRATCH)) {
            assertThat(left.toList()).as("the temporary cluster is removed").isEmpty();
        }
        assertThat(count(clinic, "SELECT count(*) FROM holi_ops.operation_runs WHERE kind = 'backup.drill' AND outcome = 'SUCCESS' "
                + "AND subject = '" + id + "' AND (details->>'restoreSeconds')::numeric > 0")).isEqualTo(1);
        try (Stream<Path> evidence = Files.walk(store.resolve("evidence"))) {
            assertThat(evidence.map(Path::toString).filter(f -> f.contains("backup.drill-")).count()).isEqualTo(1);
        }
        // the live database is never a drill's target
        Run live = holi("backup", "test-restore", "--backup", id, "--target", clinic.toUriWithPassword());
        assertThat(live.exitCode()).isEqualTo(2);
        assertThat(live.err()).contains("never restores into the live database");
    }
}
