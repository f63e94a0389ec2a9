package io.holi.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The embedded default's home ({@code ./holi-data} or {@code HOLI_DATA_DIR}): the PostgreSQL cluster,
 * generated secrets (mode 0600) and local state.
 */
public final class DataDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;

    public DataDirectory(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path resolve(String name) {
        return home.resolve(name);
    }

    /** Creates the home directory: traversable by the postgres user when we are root, private otherwise. */
    public DataDirectory create() {
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(OsProcess.isRoot() ? "rwx--x--x" : "rwx------"));
            Path secrets = home.resolve("secrets");
            Files.createDirectories(secrets);
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + home + ": " + e.getMessage(), e);
        }
    }

    /** A generated secret kept in secrets/NAME (mode 0600): read if present, created once otherwise. */
    public String secret(String name, int bytes) {
        Path file = home.resolve("secrets").resolve(name);
        try {
            Optional<String> existing = read(file);
            if (existing.isPresent()) {
                return existing.get();
            }
            String value = randomToken(bytes);
            writePrivate(file, value);
            return value;
        } catch (FileAlreadyExistsException raced) {
            return read(file).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> existingSecret(String name) {
        return read(home.resolve("secrets").resolve(name));
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file only its owner can read, created with that mode (never briefly world-readable). */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
