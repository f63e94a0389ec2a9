package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tests of commands against a database of their own: the classes that extend this take turns on one database, one
 * object store and one compliance directory, and their commands share one application context for the whole run
 * (a user's {@code holi} starts one per command; what the commands do is the same). Each class gets them back as new:
 * the database dropped and copied from the migrated template under the same name, the directories emptied.
 * <p>
 * The settings are the union of what these classes need: the field keys, a backup key file, store and scratch
 * directory, the compliance files' directory, a small seal batch, and a Slack webhook that nothing answers
 * (notifications go out only with {@code --notify}).
 */
@ResourceLock(CommandLineTest.LOCK)
public abstract class CommandLineTest {

    /** The lock the classes sharing the database and the context hold while they run. */
    public static final String LOCK = "holi.command-line-database";

    protected static final DatabaseUrl DATABASE = TestPostgres.newDatabase("commands");
    protected static final Path STORE = directory("holi-commands-store");
    protected static final Path COMPLIANCE = directory("holi-commands-compliance");
    /**
     * BACKUP_ENCRYPTION_KEY_FILE, read on every use of the key: it holds {@link TestKeys#BACKUP_IDENTITY} when a class
     * starts; a test may write another key into it for its commands (a key file replaced on a running server counts
     * from its next backup).
     */
    protected static final Path BACKUP_KEY_FILE = file("holi-commands-backup-key");
    /** Where restore drills make their temporary cluster (as root, the postgres user must be able to walk into it). */
    protected static final Path SCRATCH = directory("holi-commands-scratch");
    /** Audit ids per seal: smaller than the default, so that several batches cost few rows. */
    protected static final int SEAL_BATCH = 5_000;
    /** Port 1 (tcpmux): nothing here listens on it, so a notification to it is refused on every attempt. */
    protected static final String UNANSWERED_WEBHOOK = "http://127.0.0.1:1/hook";

    private static final Map<String, String> SETTINGS = java.util.Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "holi.database.url", DATABASE.toUriWithPassword(),
            "holi.crypto.encryption-key", TestKeys.FIELD_V1,
            "holi.crypto.blind-index-key", TestKeys.BLIND_INDEX,
            "holi.backup.encryption-key-file", BACKUP_KEY_FILE.toString(),
            "holi.backup.scratch-dir", SCRATCH.toString(),
            "holi.storage.url", STORE.toUri().toString(),
            "holi.ops.compliance-dir", COMPLIANCE.toString(),
            "holi.notify.slack-webhook-url", UNANSWERED_WEBHOOK,
            "holi.notify.backoff", "10ms",
            "holi.audit.seal-batch-size", String.valueOf(SEAL_BATCH))));

    private static Path directory(String prefix) {
        try {
            Path dir = TempDirs.directory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(String prefix) {
        try {
            return TempDirs.file(prefix, ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void freshDatabaseAndDirectories() throws IOException {
        CliRunner.freshDatabase(DATABASE);
        emptyStore();
        empty(COMPLIANCE);
        writeBackupKey(TestKeys.BACKUP_IDENTITY);
    }

    /** The object store as new: no backups, no archive, no evidence. */
    protected static void emptyStore() throws IOException {
        empty(STORE);
    }

    private static void empty(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The key the commands' next backup, verify or restore reads. */
    protected static void writeBackupKey(String key) throws IOException {
        Files.writeString(BACKUP_KEY_FILE, "# test only\n" + key + "\n");
    }

    /** The settings every command of these classes runs with. */
    protected static Map<String, String> settings() {
        return SETTINGS;
    }

    /** A command as a user types it, in the context these classes share. */
    protected static CliRunner.Run command(String stdin, String... args) {
        return CliRunner.runShared(SETTINGS, stdin, args);
    }
}
