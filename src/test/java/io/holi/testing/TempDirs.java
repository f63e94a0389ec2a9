package io.holi.testing;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test JVM's temporary files and directories, removed when it exits. Tests leave clusters, replicas, stores and
 * logs in them; before this, every suite run left about 1 GB in /tmp (a streaming replica's copy of the test cluster
 * alone is 680 MB), and a machine running the suite a few times a day filled its disk. What a test wants to read after
 * a failure is in the surefire reports, which quote the logs that matter.
 */
public final class TempDirs {

    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "temp-dirs"));
    }

    private TempDirs() {
    }

    /** A new directory in the temporary directory, removed with everything in it when the JVM exits. */
    public static Path directory(String prefix) throws IOException {
        return deleteAtExit(Files.createTempDirectory(prefix));
    }

    /** A new empty file in the temporary directory, removed when the JVM exits. */
    public static Path file(String prefix, String suffix) throws IOException {
        return deleteAtExit(Files.createTempFile(prefix, suffix));
    }

    /** A path something else creates (a restored cluster beside a test's directory, its log), removed at exit too. */
    public static Path deleteAtExit(Path path) {
        CREATED.add(path);
        return path;
    }

    private static void deleteAll() {
        for (Path path : CREATED) {
            try {
                FileSystemUtils.deleteRecursively(path);
            } catch (IOException | RuntimeException ignored) {
                // a file a process still writes, or one owned by another user: the rest are still removed
            }
        }
    }
}
