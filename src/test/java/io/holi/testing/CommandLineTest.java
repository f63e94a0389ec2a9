package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tests of commands against a database of their own: the classes that extend this take turns on one database, one
 * object store and one compliance directory, and their commands share one application context for the whole run
 * (a user's {@code holi} starts one per command; what the commands do is the same). Each class gets them back as new:
 * the database dropped and copied from the migrated template under the same name, the directories emptied.
 * <p>
 * The settings are the union of what these classes need: the field keys, a backup key and store, the compliance
 * files' directory, and a Slack webhook that nothing answers (notifications go out only with {@code --notify}).
 */
@ResourceLock(CommandLineTest.LOCK)
public abstract class CommandLineTest {

    /** The lock the classes sharing the database and the context hold while they run. */
    public static final String LOCK = "holi.command-line-database";

    protected static final DatabaseUrl DATABASE = TestPostgres.newDatabase("commands");
    protected static final Path STORE = directory("holi-commands-store");
    protected static final Path COMPLIANCE = directory("holi-commands-compliance");
    /** Port 1 (tcpmux): nothing here listens on it, so a notification to it is refused on every attempt. */
    protected static final String UNANSWERED_WEBHOOK = "http://127.0.0.1:1/hook";

    private static final Map<String, String> SETTINGS = new TreeMap<>(Map.of(
            "holi.database.url", DATABASE.toUriWithPassword(),
            "holi.crypto.encryption-key", TestKeys.FIELD_V1,
            "holi.crypto.blind-index-key", TestKeys.BLIND_INDEX,
            "holi.backup.encryption-key", TestKeys.BACKUP_IDENTITY,
            "holi.storage.url", STORE.toUri().toString(),
            "holi.ops.compliance-dir", COMPLIANCE.toString(),
            "holi.notify.slack-webhook-url", UNANSWERED_WEBHOOK,
            "holi.notify.backoff", "10ms"));

    private static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void freshDatabaseAndDirectories() throws IOException {
        CliRunner.freshDatabase(DATABASE);
        for (Path dir : List.of(STORE, COMPLIANCE)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                    Files.delete(p);
                }
            }
        }
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
