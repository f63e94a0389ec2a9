package io.holi.pitr.internal;

import io.holi.pitr.PitrReports;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.OsProcess;
import io.holi.database.PostgresBinaries;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A point-in-time restore into a new data directory (never over a running cluster), with its own port and no
 * archiving into the repository it came from; started and awaited until promoted when asked.
 */
public final class PitrRestore {

    private final PgBackRest pgbackrest;
    private final HoliDatabase database;

    public PitrRestore(PgBackRest pgbackrest, HoliDatabase database) {
        this.pgbackrest = pgbackrest;
        this.database = database;
    }

    /** @param target the moment, as pgBackRest takes it ({@code 2026-01-01 14:30:00.000000+00}) */
    public PitrReports.Restored restore(String target, Path to, boolean start, Consumer<String> progress) throws IOException {
        Path dir = to.toAbsolutePath().normalize();
        refuseUnlessNew(dir);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        OsProcess.giveToPostgres(dir);
        progress.accept("Restoring to " + target + " into " + dir + " ...");
        pgbackrest.check(Duration.ofHours(12), "restore", "--type=time", "--target=" + target, "--target-action=promote",
                "--pg1-path=" + dir);
        int port = freePort();
        Path socket = Path.of("/tmp", "holi-pitr-" + Integer.toHexString(dir.toString().hashCode()));
        Files.createDirectories(socket);
        OsProcess.giveToPostgres(socket);
        Files.writeString(dir.resolve("postgresql.auto.conf"), "\n# restored by holi pitr restore: its own port, and no archiving "
                + "into the repository it came from\nport = " + port + "\nunix_socket_directories = '" + socket + "'\narchive_mode = off\n",
                StandardOpenOption.APPEND);
        Optional<Path> log = Optional.empty();
        if (start) {
            Path logFile = dir.resolveSibling(dir.getFileName() + ".log");
            Files.deleteIfExists(logFile);
            Files.createFile(logFile);
            OsProcess.giveToPostgres(logFile);
            progress.accept("Starting it on port " + port + " and replaying WAL up to the target ...");
            OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(List.of(tool("pg_ctl").toString(), "-D", dir.toString(), "-l",
                    logFile.toString(), "-w", "-t", "3600", "start")), Duration.ofMinutes(61));
            if (!r.ok()) {
                throw new IOException("the restored cluster did not start; its log " + logFile + " says: " + r.tail());
            }
            awaitPromotion(dir, port, socket, logFile);
            log = Optional.of(logFile);
        }
        return new PitrReports.Restored(dir, target, start, Optional.of(port), Optional.of(socket), log);
    }

    private void refuseUnlessNew(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                throw HoliException.invalid("--to", dir + " is a running cluster's data directory: a restore goes into a new one");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw HoliException.invalid("--to", dir + " is not empty: give a new directory (a restore never overwrites)");
                }
            }
        }
        database.cluster().ifPresent(c -> {
            Path serving = c.dataDirectory().toAbsolutePath().normalize();
            if (dir.startsWith(serving) || serving.equals(dir)) {
                throw HoliException.invalid("--to", "that is the serving cluster's data directory");
            }
        });
    }

    private Path tool(String name) {
        return database.cluster().map(c -> c.binaries().tool(name)).orElseGet(() -> PostgresBinaries.locate().tool(name));
    }

    /** Recovery ends with promotion (target-action=promote): until then the cluster only reads. */
    private void awaitPromotion(Path dir, int port, Path socket, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(List.of(tool("psql").toString(), "-h", socket.toString(), "-p",
                    String.valueOf(port), "-U", "postgres", "-d", "postgres", "-Atc", "SELECT pg_is_in_recovery()")), Duration.ofSeconds(30));
            // the answer is psql's last line: run as the postgres user from a directory it may not enter, psql first
            // warns "could not change directory" into the same output (and the restore waited an hour for "f")
            if (r.ok() && r.output().strip().lines().reduce((first, last) -> last).orElse("").equals("f")) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while recovery was running");
            }
        }
        throw new IOException("recovery of " + dir + " did not finish within an hour; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
