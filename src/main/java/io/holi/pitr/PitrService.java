package io.holi.pitr;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.pitr.internal.ArchiverStatus;
import io.holi.pitr.internal.PgBackRest;
import io.holi.pitr.internal.PitrRestore;
import io.holi.pitr.internal.PitrSetup;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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

    /** Writes pgBackRest's configuration, turns WAL archiving on and creates the stanza (see {@link PitrSetup}). */
    public PitrReports.Setup setup(Consumer<String> progress) {
        Instant started = Instant.now();
        try {
            PitrReports.Setup setup = new PitrSetup(properties, holi, database, configDir(), repository(), archiveTimeout(),
                    this::aws).run(progress);
            record(SETUP, started, RunOutcome.SUCCESS, Map.of("repository", setup.repository(), "applied", setup.applied()));
            return setup;
        } catch (IOException | RuntimeException e) {
            record(SETUP, started, RunOutcome.FAILED, Map.of("error", String.valueOf(e.getMessage())));
            throw failure("Point-in-time recovery could not be set up: " + e.getMessage(), e);
        }
    }

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

    /** Does archiving work now (pgBackRest's own check switches WAL and waits for it), how far behind, what can be restored. */
    public PitrReports.Check check() {
        Instant started = Instant.now();
        Optional<String> problem = Optional.empty();
        try {
            pgbackrest().check(Duration.ofMinutes(5), "check");
        } catch (IOException | RuntimeException e) {
            problem = Optional.of(e.getMessage());
        }
        Optional<ArchiverStatus> archiver = Optional.empty();
        try {
            archiver = Optional.of(ArchiverStatus.read(jdbc));
            if (problem.isEmpty()) {
                problem = archiver.get().problem();
            }
        } catch (RuntimeException e) {
            if (problem.isEmpty()) {
                // the cause's own words ("Connection is not available...", "FATAL: ..."), not only Spring's wrapper
                problem = Optional.of("the database's archiver statistics cannot be read: " + e.getMessage()
                        + (e.getCause() != null ? " (" + NestedExceptionUtils.getMostSpecificCause(e).getMessage() + ")" : ""));
            }
        }
        Optional<Double> age = archiver.flatMap(ArchiverStatus::ageSeconds);
        Optional<String> lastWal = archiver.flatMap(ArchiverStatus::lastWal);
        Optional<Instant> lastAt = archiver.flatMap(ArchiverStatus::lastAt);
        long failed = archiver.map(ArchiverStatus::failed).orElse(0L);
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

    /**
     * Restores the cluster as it was at {@code targetTime} into {@code to}, a new (empty) data directory: never over a
     * running cluster. With {@code start}, starts it on a free port once recovery has reached the target.
     */
    public PitrReports.Restored restore(String targetTime, Path to, boolean start, Consumer<String> progress) {
        String target = normaliseTime(targetTime);
        Instant started = Instant.now();
        try {
            PitrReports.Restored r = new PitrRestore(pgbackrest(), database).restore(target, to, start, progress);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("targetTime", target);
            details.put("dataDirectory", r.dataDirectory().toString());
            details.put("started", start);
            record(RESTORE, started, RunOutcome.SUCCESS, details);
            return r;
        } catch (HoliException e) {
            record(RESTORE, started, RunOutcome.FAILED, Map.of("error", e.getMessage(), "targetTime", target));
            throw e;
        } catch (IOException | RuntimeException e) {
            record(RESTORE, started, RunOutcome.FAILED, Map.of("error", String.valueOf(e.getMessage()), "targetTime", target));
            throw failure("The point-in-time restore failed: " + e.getMessage(), e);
        }
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

    /** For display. */
    static String utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    }
}
