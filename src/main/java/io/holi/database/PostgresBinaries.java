package io.holi.database;

import io.holi.platform.OsProcess;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import org.springframework.util.FileSystemUtils;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL programs are: {@code HOLI_PG_BIN} when set, else the machine's own installation
 * (newest version under /usr/lib/postgresql, or on the PATH), else the server binaries packaged in the jar
 * (extracted once into a cache directory).
 */
public record PostgresBinaries(Path binDir, String origin) {

    private static final String PACKAGED_ARCHIVE = "postgres-linux-x86_64.txz";

    public Path tool(String name) {
        Path p = binDir.resolve(name);
        if (Files.isExecutable(p)) {
            return p;
        }
        // server binaries from the jar have no client tools: fall back to the machine's
        return machine().map(m -> m.binDir.resolve(name)).filter(Files::isExecutable)
                .or(() -> OsProcess.onPath(name))
                .orElseThrow(() -> new IllegalStateException("'" + name + "' was not found (looked in " + binDir
                        + " and on the PATH). Install the PostgreSQL client tools, e.g. apt-get install postgresql-client-15"));
    }

    public static PostgresBinaries locate() {
        String override = System.getenv("HOLI_PG_BIN");
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override);
            if (!Files.isExecutable(dir.resolve("initdb"))) {
                throw new IllegalStateException("HOLI_PG_BIN=" + override + " has no initdb in it");
            }
            return new PostgresBinaries(dir, "HOLI_PG_BIN");
        }
        return machine().orElseGet(PostgresBinaries::packaged);
    }

    /** The machine's installation, if it has one with a server. */
    public static Optional<PostgresBinaries> machine() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin"))
                        .sorted(Comparator.comparing(PostgresBinaries::majorVersionOf).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        candidates.add(Path.of("/usr/local/pgsql/bin"));
        OsProcess.onPath("initdb").ifPresent(p -> candidates.add(p.getParent()));
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres")))
                .findFirst()
                .map(dir -> new PostgresBinaries(dir, "machine"));
    }

    private static int majorVersionOf(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The server binaries inside the jar (io.zonky.test.postgres), unpacked into the user's cache. */
    public static PostgresBinaries packaged() {
        // as root the files must be reachable by the postgres user, which cannot enter /root
        return packaged(OsProcess.isRoot() ? Path.of("/var/cache/holi") : Path.of(System.getProperty("user.home"), ".cache", "holi"));
    }

    /** The packaged binaries unpacked under {@code cacheRoot} (the tests unpack into a new one: a cache hides bugs). */
    static PostgresBinaries packaged(Path cacheRoot) {
        Path cache = cacheRoot.resolve("postgres-15");
        Path bin = cache.resolve("bin");
        if (Files.isExecutable(bin.resolve("initdb"))) {
            return new PostgresBinaries(bin, "packaged");
        }
        try (InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(PACKAGED_ARCHIVE)) {
            if (raw == null) {
                throw new IllegalStateException("No PostgreSQL found on this machine and none packaged in the jar. "
                        + "Install PostgreSQL (apt-get install postgresql) or set DATABASE_URL.");
            }
            Path staging = Files.createTempDirectory(cache.getParent() == null ? Path.of("/tmp")
                    : Files.createDirectories(cache.getParent()), "postgres-unpack");
            boolean moved = false;
            try {
                untar(raw, staging);
                // readable by everyone: as root the server runs as the postgres user
                try (Stream<Path> all = Files.walk(staging)) {
                    for (Path p : all.filter(Files::isDirectory).toList()) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } finally {
                if (!moved) { // a half-unpacked staging directory is never left behind
                    FileSystemUtils.deleteRecursively(staging);
                }
            }
            return new PostgresBinaries(bin, "packaged");
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the packaged PostgreSQL into " + cache, e);
        }
    }

    private static void untar(InputStream raw, Path staging) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }
}
