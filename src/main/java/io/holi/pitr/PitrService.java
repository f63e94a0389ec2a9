package io.holi.pitr;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.pitr.internal.PgBackRest;
import io.holi.platform.DataDirectory;
import io.holi.platform.EmbeddedCluster;
import io.holi.platform.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.platform.OsProcess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Point-in-time recovery with pgBackRest (the engine; holi writes no WAL archiver of its own): repository
 * configuration with aes-256-cbc encryption, continuous WAL archiving (archive_timeout at most 60 s, for the
 * manual's 15-minute RPO), physical backups, checks, and restores into a new data directory. Every run is
 * recorded through {@link OperationRecords}.
 */
@Service
public class PitrService {

    public static final String SETUP = "pitr.setup";
    public static final String BACKUP = "pitr.backup";
    public static final String CHECK = "pitr.check";
    public static final String RESTORE = "pitr.restore";

    private static final String BLOCK_START = "# --- point-in-time recovery (holi pitr setup) ---";
    private static final String BLOCK_END = "# --- end of point-in-time recovery ---";

    private final PitrProperties properties;
    private final HoliProperties holi;
    private final HoliDatabase database;
    private final OperationRecords operations;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final org.springframework.core.env.Environment environment;

    PitrService(PitrProperties properties, HoliProperties holi, HoliDatabase database, OperationRecords operations,
                JdbcClient jdbc, JsonMapper json, org.springframework.core.env.Environment environment) {
        this.properties = properties;
        this.holi = holi;
        this.database = database;
        this.operations = operations;
        this.jdbc = jdbc;
        this.json = json;
        this.environment = environment;
    }

    /** An AWS_* setting, from the environment (or a system property of that name). */
    private Optional<String> aws(String name) {
        return Optional.ofNullable(environment.getProperty(name)).filter(s -> !s.isBlank());
    }

    private Path configDir() {
        return (properties.configDir() != null ? properties.configDir() : holi.dataDir().resolve("pgbackrest")).toAbsolutePath();
    }

    private PgBackRest pgbackrest() {
        return new PgBackRest(configDir().resolve("pgbackrest.conf"), properties.stanza());
    }

    private String repository() {
        String repo = properties.repo();
        return repo == null || repo.isBlank() ? holi.dataDir().resolve("pitr-repo").toAbsolutePath().toString() : repo.strip();
    }

    private Duration archiveTimeout() {
        Duration t = properties.archiveTimeout();
        return t.compareTo(Duration.ofSeconds(60)) > 0 || t.isNegative() || t.isZero() ? Duration.ofSeconds(60) : t;
    }

    // ---------------------------------------------------------------- setup

    public PitrReports.Setup setup(Consumer<String> progress) {
        Instant started = Instant.now();
        try {
            PgBackRest.program();
            Optional<EmbeddedCluster> cluster = database.cluster();
            Path pgPath = cluster.map(EmbeddedCluster::dataDirectory).orElse(properties.pgPath());
            String cipher = cipherPass(cluster.isPresent());
            Path dir = configDir();
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("lock"));
            String repo = repository();
            if (!repo.startsWith("s3://")) {
                Files.createDirectories(Path.of(repo));
                Files.setPosixFilePermissions(Path.of(repo), PosixFilePermissions.fromString("rwx------"));
                OsProcess.giveToPostgres(Path.of(repo));
            }
            Path conf = dir.resolve("pgbackrest.conf");
            Files.deleteIfExists(conf);
            DataDirectory.writePrivate(conf, configFile(repo, cipher, pgPath, cluster));
            for (Path p : List.of(dir, dir.resolve("log"), dir.resolve("lock"), conf)) {
                OsProcess.giveToPostgres(p);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            PgBackRest pgbr = pgbackrest();
            List<String> lines = List.of(
                    "archive_mode = on",
                    "archive_command = '" + pgbr.archiveCommand().replace("'", "''") + "'",
                    "archive_timeout = " + archiveTimeout().toSeconds(),
                    "wal_level = replica");
            progress.accept("Wrote " + conf + " (repository " + repo + ", aes-256-cbc encrypted)");
            if (cluster.isEmpty()) {
                List<String> steps = new ArrayList<>();
                steps.add("Copy " + conf + " to the database host (mode 0600, owner postgres), setting pg1-path to its data directory.");
                steps.add("Add the postgresql.conf lines above and restart PostgreSQL (archive_mode needs a restart).");
                steps.add("On the database host, as postgres: pgbackrest --stanza=" + properties.stanza() + " stanza-create");
                steps.add("Then: holi pitr backup --type full, and holi pitr check");
                if (pgPath != null) {
                    progress.accept("Creating the stanza for " + pgPath + " ...");
                    pgbr.check(Duration.ofMinutes(5), "stanza-create");
                    steps.remove(2);
                }
                record(SETUP, started, RunOutcome.SUCCESS, Map.of("repository", repo, "applied", false));
                return new PitrReports.Setup(conf, repo, lines, false, steps);
            }
            applyToEmbedded(cluster.get(), lines, progress);
            progress.accept("Creating the stanza '" + properties.stanza() + "' ...");
            pgbr.check(Duration.ofMinutes(5), "stanza-create");
            progress.accept("Checking that WAL reaches the repository ...");
            pgbr.check(Duration.ofMinutes(5), "check");
            record(SETUP, started, RunOutcome.SUCCESS, Map.of("repository", repo, "applied", true));
            return new PitrReports.Setup(conf, repo, lines, true, List.of("Take the first full backup: holi pitr backup --type full"));
        } catch (IOException | RuntimeException e) {
            record(SETUP, started, RunOutcome.FAILED, Map.of("error", String.valueOf(e.getMessage())));
            throw failure("Point-in-time recovery could not be set up: " + e.getMessage(), e);
        }
    }

    private String cipherPass(boolean embedded) {
        if (properties.cipherPass() != null && !properties.cipherPass().isBlank()) {
            return properties.cipherPass();
        }
        if (!embedded) {
            throw new HoliException(HoliException.Kind.INVALID, "HOLI_PITR_CIPHER_PASS is not set: the pgBackRest repository "
                    + "is always encrypted. Generate one (openssl rand -base64 48) and keep it with the backup key.");
        }
        return new DataDirectory(holi.dataDir()).secret("pitr-cipher-pass", 48);
    }

    private String configFile(String repo, String cipher, Path pgPath, Optional<EmbeddedCluster> cluster) {
        StringBuilder sb = new StringBuilder();
        sb.append("# written by holi pitr setup; holds the repository passphrase: mode 0600, owner postgres\n");
        sb.append("[global]\n");
        if (repo.startsWith("s3://")) {
            URI uri = URI.create(repo);
            String prefix = uri.getPath() == null || uri.getPath().isBlank() ? "/" : uri.getPath();
            String endpoint = aws("AWS_ENDPOINT_URL").map(s -> URI.create(s).getAuthority()).orElse(null);
            String region = aws("AWS_REGION").orElse("us-east-1");
            sb.append("repo1-type=s3\n");
            sb.append("repo1-path=").append(prefix).append('\n');
            sb.append("repo1-s3-bucket=").append(uri.getHost()).append('\n');
            sb.append("repo1-s3-region=").append(region).append('\n');
            sb.append("repo1-s3-endpoint=").append(endpoint != null ? endpoint : "s3." + region + ".amazonaws.com").append('\n');
            if (endpoint != null) {
                sb.append("repo1-s3-uri-style=path\n");
            }
            // an S3-compatible store whose certificate comes from a private CA (pgBackRest always uses https)
            aws("AWS_CA_BUNDLE").ifPresent(ca -> sb.append("repo1-storage-ca-file=").append(ca).append('\n'));
            Optional<String> key = aws("AWS_ACCESS_KEY_ID");
            if (key.isPresent()) {
                sb.append("repo1-s3-key=").append(key.get()).append('\n');
                sb.append("repo1-s3-key-secret=").append(aws("AWS_SECRET_ACCESS_KEY").orElse("")).append('\n');
            } else {
                sb.append("repo1-s3-key-type=auto\n");
            }
        } else {
            sb.append("repo1-type=posix\n");
            sb.append("repo1-path=").append(repo).append('\n');
        }
        sb.append("repo1-cipher-type=aes-256-cbc\n");
        sb.append("repo1-cipher-pass=").append(cipher).append('\n');
        sb.append("repo1-retention-full-type=time\n");
        sb.append("repo1-retention-full=").append(properties.retentionDays()).append('\n');
        sb.append("start-fast=y\n");
        sb.append("log-path=").append(configDir().resolve("log")).append('\n');
        sb.append("lock-path=").append(configDir().resolve("lock")).append('\n');
        sb.append("log-level-console=warn\n");
        sb.append("log-level-file=info\n\n");
        sb.append('[').append(properties.stanza()).append("]\n");
        sb.append("pg1-path=").append(pgPath != null ? pgPath : "/var/lib/postgresql/15/main").append('\n');
        cluster.ifPresent(c -> {
            sb.append("pg1-port=").append(c.port()).append('\n');
            sb.append("pg1-socket-path=").append(c.socketDirectory()).append('\n');
        });
        if (cluster.isEmpty()) {
            sb.append("pg1-port=").append(database.url().port()).append('\n');
        }
        sb.append("pg1-user=postgres\n");
        return sb.toString();
    }

    /** Puts the settings into the embedded cluster's own settings file and restarts it (archive_mode needs that). */
    private void applyToEmbedded(EmbeddedCluster cluster, List<String> lines, Consumer<String> progress) throws IOException {
        Path conf = cluster.dataDirectory().resolve("holi.conf");
        String text = Files.readString(conf);
        int start = text.indexOf(BLOCK_START);
        if (start >= 0) {
            int end = text.indexOf(BLOCK_END, start);
            text = text.substring(0, start) + (end >= 0 ? text.substring(end + BLOCK_END.length()).stripLeading() : "");
        }
        String block = BLOCK_START + "\n" + String.join("\n", lines) + "\n" + BLOCK_END + "\n";
        Files.writeString(conf, text.stripTrailing() + "\n" + block);
        progress.accept("Applied to the embedded cluster's " + conf.getFileName() + "; restarting PostgreSQL to turn archiving on ...");
        cluster.stop();
        cluster.start();
    }

    // ---------------------------------------------------------------- backup

    public PitrReports.Backup backup(String type) {
        if (!List.of("full", "diff", "incr").contains(type)) {
            throw HoliException.invalid("--type", "must be full, diff or incr");
        }
        Instant started = Instant.now();
        try {
            pgbackrest().check(Duration.ofHours(12), "backup", "--type=" + type);
            PitrReports.Backup b = latestBackup().orElseThrow(() -> new IOException("pgbackrest reported no backup after the run"));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("label", b.label());
            details.put("type", b.type());
            details.put("sizeBytes", b.sizeBytes());
            details.put("repositoryBytes", b.repositoryBytes());
            record(BACKUP, started, RunOutcome.SUCCESS, details);
            return b;
        } catch (IOException | RuntimeException e) {
            record(BACKUP, started, RunOutcome.FAILED, Map.of("error", String.valueOf(e.getMessage())));
            throw failure("The " + type + " backup failed: " + e.getMessage(), e);
        }
    }

    private JsonNode info() throws IOException {
        String out = pgbackrest().check(Duration.ofMinutes(2), "info", "--output=json");
        JsonNode all = json.readTree(out);
        return all.isArray() && !all.isEmpty() ? all.get(0) : json.createObjectNode();
    }

    private Optional<PitrReports.Backup> latestBackup() throws IOException {
        JsonNode backups = info().path("backup");
        if (!backups.isArray() || backups.isEmpty()) {
            return Optional.empty();
        }
        JsonNode b = backups.get(backups.size() - 1);
        return Optional.of(new PitrReports.Backup(b.path("label").asString(), b.path("type").asString(),
                b.path("info").path("size").asLong(), b.path("info").path("repository").path("size").asLong(),
                Instant.ofEpochSecond(b.path("timestamp").path("start").asLong()),
                Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong())));
    }

    // ---------------------------------------------------------------- check

    /** Does archiving work now (pgBackRest's own check switches WAL and waits for it), how far behind, what can be restored. */
    public PitrReports.Check check() {
        Instant started = Instant.now();
        Optional<String> problem = Optional.empty();
        try {
            pgbackrest().check(Duration.ofMinutes(5), "check");
        } catch (IOException | RuntimeException e) {
            problem = Optional.of(e.getMessage());
        }
        Optional<Double> age = Optional.empty();
        Optional<String> lastWal = Optional.empty();
        Optional<Instant> lastAt = Optional.empty();
        long failed = 0;
        try {
            var row = jdbc.sql("""
                    SELECT a.last_archived_wal, a.last_archived_time, a.failed_count,
                           CASE WHEN current_setting('archive_mode') = 'off' OR pg_is_in_recovery() THEN NULL
                                WHEN a.last_archived_wal ~ '^[0-9A-F]{24}$'
                                     AND a.last_archived_wal >= pg_walfile_name(pg_current_wal_lsn()
                                           - least(pg_size_bytes(current_setting('wal_segment_size'))::numeric,
                                                   pg_current_wal_lsn() - '0/0'::pg_lsn)) THEN 0
                                ELSE extract(epoch FROM now() - coalesce(a.last_archived_time, pg_postmaster_start_time()))
                           END AS age,
                           current_setting('archive_mode') AS mode
                      FROM pg_stat_archiver a""").query((rs, i) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("wal", rs.getString(1));
                m.put("at", rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant());
                m.put("failed", rs.getLong(3));
                double a = rs.getDouble(4);
                m.put("age", rs.wasNull() ? null : a);
                m.put("mode", rs.getString(5));
                return m;
            }).single();
            lastWal = Optional.ofNullable((String) row.get("wal"));
            lastAt = Optional.ofNullable((Instant) row.get("at"));
            failed = (Long) row.get("failed");
            age = Optional.ofNullable((Double) row.get("age"));
            if ("off".equals(row.get("mode")) && problem.isEmpty()) {
                problem = Optional.of("archive_mode is off: run holi pitr setup");
            } else if (age.isPresent() && age.get() > 900 && problem.isEmpty()) {
                problem = Optional.of("completed WAL has waited " + Math.round(age.get()) + " s for archiving: the 15-minute RPO is not met");
            }
        } catch (RuntimeException e) {
            if (problem.isEmpty()) {
                problem = Optional.of("the database's archiver statistics cannot be read: " + e.getMessage());
            }
        }
        int backups = 0;
        Optional<Instant> from = Optional.empty();
        try {
            JsonNode list = info().path("backup");
            backups = list.size();
            if (list.isArray() && !list.isEmpty()) {
                from = Optional.of(Instant.ofEpochSecond(list.get(0).path("timestamp").path("stop").asLong()));
            } else if (problem.isEmpty()) {
                problem = Optional.of("the repository holds no backup yet: run holi pitr backup --type full");
            }
        } catch (IOException | RuntimeException e) {
            if (problem.isEmpty()) {
                problem = Optional.of("pgbackrest info failed: " + e.getMessage());
            }
        }
        PitrReports.Check c = new PitrReports.Check(problem.isEmpty(), problem, age, lastWal, lastAt, failed, backups, from);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("problem", problem.orElse(null));
        details.put("archivedWalAgeSeconds", age.orElse(null));
        details.put("lastArchivedWal", lastWal.orElse(null));
        details.put("failedCount", failed);
        details.put("backups", backups);
        record(CHECK, started, c.ok() ? RunOutcome.SUCCESS : RunOutcome.FAILED, details);
        return c;
    }

    // ---------------------------------------------------------------- restore

    /**
     * Restores the cluster as it was at {@code targetTime} into {@code to}, a new (empty) data directory: never over a
     * running cluster. With {@code start}, starts it on a free port once recovery has reached the target.
     */
    public PitrReports.Restored restore(String targetTime, Path to, boolean start, Consumer<String> progress) {
        String target = normaliseTime(targetTime);
        Path dir = to.toAbsolutePath().normalize();
        Instant started = Instant.now();
        try {
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
                if (dir.startsWith(c.dataDirectory().toAbsolutePath().normalize()) || c.dataDirectory().toAbsolutePath().normalize().equals(dir)) {
                    throw HoliException.invalid("--to", "that is the serving cluster's data directory");
                }
            });
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            OsProcess.giveToPostgres(dir);
            progress.accept("Restoring to " + target + " into " + dir + " ...");
            pgbackrest().check(Duration.ofHours(12), "restore", "--type=time", "--target=" + target, "--target-action=promote",
                    "--pg1-path=" + dir);
            int port = freePort();
            Path socket = Path.of("/tmp", "holi-pitr-" + Integer.toHexString(dir.toString().hashCode()));
            Files.createDirectories(socket);
            OsProcess.giveToPostgres(socket);
            Path auto = dir.resolve("postgresql.auto.conf");
            Files.writeString(auto, "\n# restored by holi pitr restore: its own port, and no archiving into the repository it came from\n"
                    + "port = " + port + "\nunix_socket_directories = '" + socket + "'\narchive_mode = off\n", StandardOpenOption.APPEND);
            Optional<Path> log = Optional.empty();
            if (start) {
                Path logFile = dir.resolveSibling(dir.getFileName() + ".log");
                Files.deleteIfExists(logFile);
                Files.createFile(logFile);
                OsProcess.giveToPostgres(logFile);
                progress.accept("Starting it on port " + port + " and replaying WAL up to the target ...");
                Path pgCtl = database.cluster().map(c -> c.binaries().tool("pg_ctl"))
                        .orElseGet(() -> io.holi.platform.PostgresBinaries.locate().tool("pg_ctl"));
                OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(List.of(pgCtl.toString(), "-D", dir.toString(), "-l",
                        logFile.toString(), "-w", "-t", "3600", "start")), Duration.ofMinutes(61));
                if (!r.ok()) {
                    throw new IOException("the restored cluster did not start; its log " + logFile + " says: " + r.tail());
                }
                awaitPromotion(dir, port, socket, logFile);
                log = Optional.of(logFile);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("targetTime", target);
            details.put("dataDirectory", dir.toString());
            details.put("started", start);
            record(RESTORE, started, RunOutcome.SUCCESS, details);
            return new PitrReports.Restored(dir, target, start, Optional.of(port), Optional.of(socket), log);
        } catch (HoliException e) {
            record(RESTORE, started, RunOutcome.FAILED, Map.of("error", e.getMessage(), "targetTime", target));
            throw e;
        } catch (IOException | RuntimeException e) {
            record(RESTORE, started, RunOutcome.FAILED, Map.of("error", String.valueOf(e.getMessage()), "targetTime", target));
            throw failure("The point-in-time restore failed: " + e.getMessage(), e);
        }
    }

    /** Recovery ends with promotion (target-action=promote): until then the cluster only reads. */
    private void awaitPromotion(Path dir, int port, Path socket, Path log) throws IOException {
        Path psql = database.cluster().map(c -> c.binaries().tool("psql"))
                .orElseGet(() -> io.holi.platform.PostgresBinaries.locate().tool("psql"));
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(List.of(psql.toString(), "-h", socket.toString(), "-p",
                    String.valueOf(port), "-U", "postgres", "-d", "postgres", "-Atc", "SELECT pg_is_in_recovery()")), Duration.ofSeconds(30));
            if (r.ok() && r.output().strip().equals("f")) {
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

    /** Accepts ISO-8601 or {@code 2026-01-01 14:30:00 UTC}; a time zone is required (a restore must not guess it). */
    static String normaliseTime(String text) {
        String t = text.strip();
        List<DateTimeFormatter> zoned = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_ZONED_DATE_TIME,
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][ ]XXX", Locale.ROOT),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][ ]X", Locale.ROOT),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS] z", Locale.ROOT));
        for (DateTimeFormatter f : zoned) {
            try {
                Instant i = ZonedDateTime.parse(t, f).toInstant();
                return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(i) + "+00";
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        try {
            LocalDateTime.parse(t.replace(' ', 'T'));
            throw HoliException.invalid("--recovery-target-time", "'" + text + "' has no time zone: add one, e.g. \"" + t + " UTC\"");
        } catch (DateTimeParseException e) {
            throw HoliException.invalid("--recovery-target-time", "'" + text + "' is not a time: use e.g. \"2026-01-01 14:30:00 UTC\"");
        }
    }

    private void record(String kind, Instant started, RunOutcome outcome, Map<String, Object> details) {
        operations.record(kind, properties.stanza(), started, outcome, details);
    }

    private static HoliException failure(String message, Exception cause) {
        if (cause instanceof HoliException h) {
            return h;
        }
        return new HoliException(HoliException.Kind.FAILED, message, cause);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** For display. */
    static String utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    }
}
