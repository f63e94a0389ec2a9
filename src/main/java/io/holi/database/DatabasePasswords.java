package io.holi.database;

import io.holi.platform.HoliException;
import io.holi.platform.SecretsProperties;
import io.holi.platform.HoliProperties;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.DataDirectory;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manual's database password rotation (5.2) without its manual steps: a new password, ALTER ROLE, the
 * secret destination updated, the running service switched to it without dropping a request (it rereads the
 * env file and replaces its pool's connections gracefully), and the old password proven rejected.
 */
@Service
public class DatabasePasswords {

    private static final Pattern LINE = Pattern.compile("(?m)^(export\\s+)?DATABASE_URL=(.*)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a rotation did, step by step. */
    public record Rotation(String role, List<String> steps, boolean oldPasswordRejected) {
    }

    private final HoliDatabase database;
    private final SecretsProperties properties;
    private final HoliProperties holi;
    private final javax.sql.DataSource dataSource;

    DatabasePasswords(HoliDatabase database, SecretsProperties properties, HoliProperties holi, javax.sql.DataSource dataSource) {
        this.database = database;
        this.properties = properties;
        this.holi = holi;
        this.dataSource = dataSource;
    }

    /**
     * Points a pool at a new password: connections it opens from now on use it; the ones it holds are replaced as
     * they come back (in-flight requests finish on theirs). Returns whether anything changed.
     */
    public static boolean switchPool(javax.sql.DataSource dataSource, String password) {
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari && !password.equals(hikari.getPassword())) {
            hikari.getHikariConfigMXBean().setPassword(password);
            if (hikari.getHikariPoolMXBean() != null) {
                hikari.getHikariPoolMXBean().softEvictConnections();
            }
            return true;
        }
        return false;
    }

    /** The DATABASE_URL an env file holds, if any. */
    public static Optional<DatabaseUrl> readEnvFile(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(Files.readString(file));
        String url = null;
        while (m.find()) {
            url = m.group(2).strip();
        }
        if (url == null) {
            return Optional.empty();
        }
        if ((url.startsWith("\"") && url.endsWith("\"")) || (url.startsWith("'") && url.endsWith("'"))) {
            url = url.substring(1, url.length() - 1);
        }
        return Optional.of(DatabaseUrl.parse(url));
    }

    public Rotation rotate(Duration waitForInstances) {
        DatabaseUrl current = database.url();
        boolean embedded = database.mode() == HoliDatabase.Mode.EMBEDDED;
        boolean envFile = properties.envFile() != null && !properties.envFile().toString().isBlank();
        boolean command = properties.command() != null && !properties.command().isBlank();
        if (!embedded && !envFile && !command) {
            throw new HoliException(HoliException.Kind.INVALID, "there is nowhere to keep the new password: set HOLI_SECRETS_ENV_FILE "
                    + "(the env file holi serve starts with) and/or HOLI_SECRETS_COMMAND (e.g. \"doppler secrets set DATABASE_URL\")");
        }
        if (envFile && !Files.isWritable(properties.envFile())) {
            throw new HoliException(HoliException.Kind.INVALID, "HOLI_SECRETS_ENV_FILE " + properties.envFile() + " does not exist or is not writable");
        }
        List<String> steps = new ArrayList<>();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        DatabaseUrl next = current.withCredentials(current.username(), fresh);
        Instant rotatedAt = Instant.now();

        alter(current, fresh);
        steps.add("ALTER ROLE " + current.username() + " with a new 43-character password");
        try {
            if (embedded) {
                DataDirectory.writePrivate(tempBeside(holi.dataDir().resolve("secrets/db-password")), fresh);
                Files.move(tempBeside(holi.dataDir().resolve("secrets/db-password")), holi.dataDir().resolve("secrets/db-password"),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                steps.add("wrote the data directory's secrets/db-password");
            }
            if (envFile) {
                rewriteEnvFile(properties.envFile(), next);
                steps.add("rewrote DATABASE_URL in " + properties.envFile());
            }
            if (command) {
                runCommand(properties.command(), next);
                steps.add("stored it with: " + properties.command());
            }
        } catch (IOException | RuntimeException e) {
            alter(next, current.password());
            throw new HoliException(HoliException.Kind.FAILED, "the new password could not be stored (" + e.getMessage()
                    + "); the old password was put back, nothing changed", e);
        }
        switchPool(dataSource, fresh);
        database.passwordChanged(fresh);
        int left = awaitInstances(next, rotatedAt, waitForInstances);
        steps.add(left == 0 ? "every running instance now connects with the new password"
                : left + " connection(s) opened before the rotation are still in use (they keep working); their instances "
                + "switch when they reread the secret, or at restart");
        boolean rejected = oldRejected(current);
        steps.add(rejected ? "the old password is rejected by PostgreSQL" : "the old password STILL WORKS: check pg_hba.conf (trust?)");
        return new Rotation(current.username(), steps, rejected);
    }

    private static Path tempBeside(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".new");
    }

    private static void alter(DatabaseUrl as, String password) {
        try (Connection c = DriverManager.getConnection(as.jdbcUrl(), as.username(), as.password()); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE CURRENT_USER PASSWORD '" + password.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new HoliException(HoliException.Kind.UNAVAILABLE, "could not change the password of " + as.username() + ": " + e.getMessage(), e);
        }
    }

    static void rewriteEnvFile(Path file, DatabaseUrl next) throws IOException {
        String text = Files.readString(file);
        String line = "DATABASE_URL=" + next.toUriWithPassword();
        Matcher m = LINE.matcher(text);
        String updated = m.find() ? m.replaceAll(Matcher.quoteReplacement(line)) : text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + line + "\n";
        Path temp = tempBeside(file);
        Files.deleteIfExists(temp);
        Files.writeString(Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                updated, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void runCommand(String command, DatabaseUrl next) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        pb.environment().put("HOLI_NEW_DATABASE_URL", next.toUriWithPassword());
        Process p = pb.start();
        p.getOutputStream().write(next.toUriWithPassword().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String said = new String(out, StandardCharsets.UTF_8).replace(next.password(), "***");
                throw new IOException("the command failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): "
                        + said.lines().reduce((a, b) -> b).orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Connections of the role opened before the rotation, still there after the wait. */
    private static int awaitInstances(DatabaseUrl next, Instant rotatedAt, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            int left;
            try (Connection c = DriverManager.getConnection(next.jdbcUrl(), next.username(), next.password());
                 var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND backend_start < ? "
                         + "AND pid <> pg_backend_pid() AND application_name = 'holi'")) {
                ps.setString(1, next.username());
                ps.setTimestamp(2, java.sql.Timestamp.from(rotatedAt));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    left = rs.getInt(1);
                }
            } catch (SQLException e) {
                return -1;
            }
            if (left == 0 || System.nanoTime() > deadline) {
                return left;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
        }
    }

    private static boolean oldRejected(DatabaseUrl old) {
        try (Connection c = DriverManager.getConnection(old.jdbcUrl(), old.username(), old.password())) {
            return false;
        } catch (SQLException e) {
            return "28P01".equals(e.getSQLState());
        }
    }
}
