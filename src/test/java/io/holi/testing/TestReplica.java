package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;
import io.holi.platform.OsProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A streaming replica of a test cluster (pg_basebackup -R), run as the postgres user when we are root. */
public final class TestReplica implements AutoCloseable {

    private final EmbeddedCluster primary;
    private final Path data;
    private final int port;

    private TestReplica(EmbeddedCluster primary, Path data, int port) {
        this.primary = primary;
        this.data = data;
        this.port = port;
    }

    public static TestReplica of(EmbeddedCluster primary) {
        try {
            Path home = TempDirs.directory("holi-replica");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            OsProcess.giveToPostgres(home);
            Path data = home.resolve("data");
            DatabaseUrl su = primary.superuser("postgres");
            OsProcess.check(OsProcess.asPostgres(List.of(primary.binaries().tool("pg_basebackup").toString(),
                    "-d", "host=" + su.host() + " port=" + su.port() + " user=" + su.username() + " application_name=test-replica",
                    "-D", data.toString(), "-R", "-X", "stream", "--checkpoint=fast")), Map.of("PGPASSWORD", su.password()), Duration.ofMinutes(2));
            int port = BackgroundProcess.freePort();
            OsProcess.check(OsProcess.asPostgres(List.of(primary.binaries().binDir().resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-l", home.resolve("replica.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + home + " -c cluster_name=test-replica", "start")), Map.of(), Duration.ofMinutes(2));
            return new TestReplica(primary, data, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a replica: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            OsProcess.run(OsProcess.asPostgres(List.of(primary.binaries().binDir().resolve("pg_ctl").toString(), "-D",
                    data.toString(), "-m", "immediate", "stop")), Duration.ofMinutes(10));
        } catch (IOException ignored) {
            // a stray replica dies with the test machine
        }
    }
}
