package io.holi.database;

import io.holi.platform.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The database this process talks to: the one {@code DATABASE_URL} names, or the embedded cluster in the
 * data directory. For the embedded cluster it also decides who starts and stops it: {@code holi serve}
 * holds the data directory's lock for its whole life; a command run beside a serving instance uses that
 * instance's cluster, and a command run alone starts the cluster and stops it again when done.
 */
public final class HoliDatabase implements AutoCloseable {

    public enum Mode { EMBEDDED, EXTERNAL }

    private static final Logger log = LoggerFactory.getLogger(HoliDatabase.class);

    private final Mode mode;
    private final DatabaseUrl url;
    private final EmbeddedCluster cluster;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean stopOnClose;

    private HoliDatabase(Mode mode, DatabaseUrl url, EmbeddedCluster cluster, FileChannel lockChannel, FileLock lock,
                         boolean stopOnClose) {
        this.mode = mode;
        this.url = url;
        this.cluster = cluster;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.stopOnClose = stopOnClose;
    }

    public static HoliDatabase external(DatabaseUrl url) {
        return new HoliDatabase(Mode.EXTERNAL, url, null, null, null, false);
    }

    /**
     * Opens the embedded cluster under {@code home}.
     *
     * @param exclusive true for {@code holi serve}: refuse if another holi process serves from this directory
     */
    public static HoliDatabase embedded(Path home, boolean exclusive) throws IOException {
        EmbeddedCluster cluster = EmbeddedCluster.at(home);
        cluster.home().create();
        FileChannel channel = FileChannel.open(home.resolve("holi.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null && exclusive) {
            channel.close();
            throw new IllegalStateException("Another holi serve is already using " + home.toAbsolutePath()
                    + ". Stop it first, or give this one its own HOLI_DATA_DIR.");
        }
        boolean stopOnClose;
        if (lock == null) {
            // a serving instance owns the cluster: it is running, and it is not ours to stop
            channel.close();
            channel = null;
            if (!cluster.running()) {
                throw new IllegalStateException("The data directory " + home.toAbsolutePath()
                        + " is locked by a holi process, but its PostgreSQL is not running. Is that process still starting?");
            }
            stopOnClose = false;
        } else {
            boolean wasRunning = cluster.running();
            cluster.start();
            // serve always stops what it serves from; a command stops only what it started itself
            stopOnClose = exclusive || !wasRunning;
        }
        return new HoliDatabase(Mode.EMBEDDED, cluster.application(), cluster, channel, lock, stopOnClose);
    }

    public Mode mode() {
        return mode;
    }

    private volatile String rotatedPassword;

    /** The application's connection, with the current password (it follows a rotation). */
    public DatabaseUrl url() {
        String p = rotatedPassword;
        return p == null ? url : url.withCredentials(url.username(), p);
    }

    /** A rotated password this process now uses (holi secrets rotate-db-password). */
    public void passwordChanged(String password) {
        this.rotatedPassword = password;
    }

    public Optional<EmbeddedCluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** A superuser connection when holi runs the cluster itself; empty for an external database. */
    public Optional<DatabaseUrl> superuser() {
        return cluster().map(c -> c.superuser(url.database()));
    }

    @Override
    public void close() {
        try {
            if (cluster != null && stopOnClose) {
                cluster.stop();
            }
        } catch (IOException e) {
            log.error("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }
}
