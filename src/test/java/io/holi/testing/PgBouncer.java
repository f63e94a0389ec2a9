package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import io.holi.platform.OsProcess;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real pgbouncer process in front of a test database. */
public final class PgBouncer {

    private final Process process;
    private final DatabaseUrl url;
    private final Path dir;

    private PgBouncer(Process process, DatabaseUrl url, Path dir) {
        this.process = process;
        this.url = url;
        this.dir = dir;
    }

    public static PgBouncer start(DatabaseUrl target, String poolMode, int poolSize) throws IOException {
        Path binary = OsProcess.onPath("pgbouncer").or(() -> java.util.Optional.of(Path.of("/usr/sbin/pgbouncer")))
                .filter(Files::isExecutable)
                .orElseThrow(() -> new IllegalStateException("pgbouncer is not installed: apt-get install pgbouncer"));
        int port = freePort();
        Path dir = TempDirs.directory("holi-pgbouncer");
        Path ini = dir.resolve("pgbouncer.ini");
        Path users = dir.resolve("userlist.txt");
        Files.writeString(users, "\"" + target.username() + "\" \"" + target.password() + "\"\n");
        Files.writeString(ini, """
                [databases]
                %s = host=%s port=%d dbname=%s
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = plain
                auth_file = %s
                pool_mode = %s
                default_pool_size = %d
                max_client_conn = 200
                admin_users = %s
                ignore_startup_parameters = extra_float_digits
                logfile = %s
                """.formatted(target.database(), target.host(), target.port(), target.database(), port, users, poolMode,
                poolSize, target.username(), dir.resolve("pgbouncer.log")));
        for (Path p : List.of(dir, ini, users)) {
            OsProcess.giveToPostgres(p);
        }
        // pgbouncer refuses to run as root as well
        Process process = new ProcessBuilder(OsProcess.asPostgres(List.of(binary.toString(), ini.toString())))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        try {
            Awaitility.await("pgbouncer listening on " + port).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("pgbouncer exited: " + Files.readString(dir.resolve("stdout.log")));
                        }
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new PgBouncer(process, DatabaseUrl.of("127.0.0.1", port, target.database(), target.username(),
                target.password()), dir);
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Transactions pgbouncer has passed to the server, from its admin console (simple protocol only: psql). */
    public long transactionsServed() {
        try {
            String out = OsProcess.check(List.of("psql", "-h", "127.0.0.1", "-p", String.valueOf(url.port()), "-U",
                    url.username(), "-At", "-F", "|", "-c", "SHOW STATS", "pgbouncer"),
                    java.util.Map.of("PGPASSWORD", url.password()), Duration.ofMinutes(10));
            long total = 0;
            for (String line : out.split("\n")) {
                String[] cols = line.split("\\|");
                if (cols.length > 2 && cols[0].equals(url.database())) {
                    total += Long.parseLong(cols[1]);
                }
            }
            return total;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pgbouncer's stats", e);
        }
    }

    public void stop() {
        process.destroy();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
