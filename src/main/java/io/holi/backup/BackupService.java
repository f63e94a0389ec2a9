package io.holi.backup;

import io.holi.audit.AuditTables;
import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.internal.AgeKeys;
import io.holi.backup.internal.BackupCatalog;
import io.holi.backup.internal.BackupRestorer;
import io.holi.backup.internal.BackupVerifier;
import io.holi.backup.internal.BackupWriter;
import io.holi.backup.internal.PgClient;
import io.holi.backup.internal.ScratchCluster;
import io.holi.platform.Caller;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.Maintenance;
import io.holi.storage.ObjectStore;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Logical backups: create, list, verify, prune, restore and restore drills (the manual's section 4 as code).
 * Every run leaves evidence through {@link OperationRecords}; backups themselves live in the {@link ObjectStore}
 * and are described by their manifests, so listing and restoring work when the database is gone.
 */
@Service
public class BackupService {

    public static final String CREATE = "backup.create";
    public static final String VERIFY = "backup.verify";
    public static final String PRUNE = "backup.prune";
    public static final String RESTORE = "backup.restore";
    public static final String DRILL = "backup.drill";

    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    private final BackupProperties properties;
    private final HoliDatabase database;
    private final OperationRecords operations;
    private final Maintenance maintenance;
    private final BackupCatalog catalog;
    private final BackupWriter writer;
    private final BackupVerifier verifier;
    private final BackupRestorer restorer;

    BackupService(BackupProperties properties, HoliDatabase database, ObjectStore store, OperationRecords operations,
                  Maintenance maintenance, JsonMapper json) {
        this.properties = properties;
        this.database = database;
        this.operations = operations;
        this.maintenance = maintenance;
        PgClient pg = new PgClient(database.cluster().map(c -> c.binaries()).orElseGet(io.holi.platform.PostgresBinaries::locate));
        this.catalog = new BackupCatalog(store, json);
        this.writer = new BackupWriter(pg, store);
        this.verifier = new BackupVerifier(pg, store);
        this.restorer = new BackupRestorer(pg, store);
    }

    /** Where backups go, for messages. */
    public String location() {
        return catalog.describe();
    }

    private AgeKeys keys() {
        if ((properties.encryptionKey() == null || properties.encryptionKey().isBlank()) && properties.encryptionKeyFile() != null
                && !properties.encryptionKeyFile().toString().isBlank()) {
            try {
                return AgeKeys.parse(java.nio.file.Files.readString(properties.encryptionKeyFile()));
            } catch (IOException e) {
                throw new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY_FILE " + properties.encryptionKeyFile()
                        + " cannot be read: " + describe(e), e);
            }
        }
        return AgeKeys.parse(properties.encryptionKey());
    }

    /** The recipients backups are encrypted for (public keys; safe to print). */
    public List<String> recipients() {
        return keys().recipients();
    }

    /** A new backup key pair, as age-keygen makes it: {identity, recipient}. */
    public static String[] generateKey() {
        return AgeKeys.generate();
    }

    /** The database this instance backs up: HOLI_BACKUP_DATABASE_URL, or the one it serves from. */
    public DatabaseUrl source() {
        String url = properties.databaseUrl();
        return url == null || url.isBlank() ? database.url() : DatabaseUrl.parse(url);
    }

    // ---------------------------------------------------------------- create

    /** Takes a backup of the database this instance serves from. */
    public Manifest create(String kind) {
        return create(kind, source());
    }

    Manifest create(String kind, DatabaseUrl from) {
        AgeKeys keys = keys();
        Instant started = Instant.now();
        String id = BackupCatalog.ID_FORMAT.format(started);
        try {
            id = newId(started);
            Manifest m = writer.write(id, kind, from, keys, started);
            catalog.save(m);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("object", m.object());
            details.put("ciphertextBytes", m.ciphertextBytes());
            details.put("plaintextBytes", m.plaintextBytes());
            details.put("durationSeconds", m.durationSeconds());
            details.put("kind", kind);
            details.put("store", catalog.describe());
            details.put("rows", m.rowCounts().values().stream().mapToLong(Long::longValue).sum());
            operations.record(CREATE, id, started, RunOutcome.SUCCESS, details);
            return m;
        } catch (IOException | SQLException | RuntimeException e) {
            String why = e instanceof HoliException ? e.getMessage() : describe(e);
            operations.record(CREATE, id, started, RunOutcome.FAILED, Map.of("error", why, "store", catalog.describe(), "kind", kind));
            throw new HoliException(HoliException.Kind.FAILED, "Backup " + id + " failed and left nothing behind that looks "
                    + "like a backup: " + why, e);
        }
    }

    /** A second-resolution id that is not taken yet. */
    private String newId(Instant at) throws IOException {
        Instant t = at.truncatedTo(ChronoUnit.SECONDS);
        try {
            while (catalog.find(BackupCatalog.ID_FORMAT.format(t)).isPresent()) {
                t = t.plusSeconds(1);
            }
        } catch (IOException e) {
            throw new IOException("the object store " + catalog.describe() + " cannot be reached: " + describe(e), e);
        }
        return BackupCatalog.ID_FORMAT.format(t);
    }

    // ---------------------------------------------------------------- list

    public List<BackupSummary> list() {
        try {
            Instant now = Instant.now();
            List<BackupSummary> out = new ArrayList<>();
            for (Manifest m : catalog.all()) {
                var v = catalog.verification(m.id());
                out.add(new BackupSummary(m.id(), m.kind(), m.startedAt(), m.ciphertextBytes(), Duration.between(m.startedAt(), now),
                        v.map(BackupCatalog.Verification::ok), v.map(BackupCatalog.Verification::at)));
            }
            out.sort(Comparator.comparing(BackupSummary::id).reversed());
            return out;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    public Manifest manifest(String id) {
        try {
            return catalog.require(id);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    public Optional<Manifest> latest() {
        try {
            return catalog.latest();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    // ---------------------------------------------------------------- verify

    public Reports.Verified verify(String id) {
        AgeKeys keys = keys();
        keys.requireIdentity("backup " + id);
        Instant started = Instant.now();
        Manifest m = manifest(id);
        try {
            BackupVerifier.Result r = verifier.verify(m, keys);
            Duration took = Duration.between(started, Instant.now());
            catalog.saveVerification(new BackupCatalog.Verification(id, r.ok(), Instant.now(),
                    r.ok() ? "checksums, decryption and archive verified" : String.join("; ", r.problems())));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("problems", r.problems());
            details.put("ciphertextBytes", r.ciphertextBytes());
            details.put("archiveEntries", r.tocEntries());
            operations.record(VERIFY, id, started, r.ok() ? RunOutcome.SUCCESS : RunOutcome.FAILED, details);
            return new Reports.Verified(id, r.ok(), r.problems(), r.ciphertextBytes(), r.plaintextBytes(), r.tocEntries(), took);
        } catch (IOException e) {
            operations.record(VERIFY, id, started, RunOutcome.FAILED, Map.of("error", describe(e)));
            throw unreachable(e);
        }
    }

    // ---------------------------------------------------------------- prune

    /**
     * Deletes backups older than the retention, always keeping the newest {@code keepMin}; and removes the data of
     * backups that never completed (no manifest) after a day.
     */
    public Reports.Pruned prune(Duration retention, int keepMin, boolean dryRun) {
        if (keepMin < 1) {
            throw HoliException.invalid("--keep-min", "must be at least 1: pruning never deletes every backup");
        }
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw HoliException.invalid("--retention", "must be at least one day (e.g. 90d)");
        }
        Instant started = Instant.now();
        try {
            List<Manifest> all = new ArrayList<>(catalog.all());
            all.sort(Comparator.comparing(Manifest::id).reversed());
            Instant cutoff = started.minus(retention);
            List<String> delete = new ArrayList<>();
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Manifest m = all.get(i);
                if (i >= keepMin && m.startedAt().isBefore(cutoff)) {
                    delete.add(m.id());
                } else {
                    keep.add(m.id());
                }
            }
            List<String> orphans = catalog.orphans(Duration.ofDays(1));
            if (!dryRun) {
                for (String id : delete) {
                    catalog.delete(id);
                }
                for (String key : orphans) {
                    catalog.deleteObject(key);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("deleted", delete);
                details.put("kept", keep.size());
                details.put("orphansRemoved", orphans);
                details.put("retentionDays", retention.toDays());
                details.put("keepMin", keepMin);
                operations.record(PRUNE, null, started, RunOutcome.SUCCESS, details);
            }
            return new Reports.Pruned(delete, keep, orphans, dryRun);
        } catch (IOException e) {
            if (!dryRun) {
                operations.record(PRUNE, null, started, RunOutcome.FAILED, Map.of("error", describe(e)));
            }
            throw unreachable(e);
        }
    }

    public Duration retention() {
        return properties.retention();
    }

    public int keepMin() {
        return properties.keepMin();
    }

    // ---------------------------------------------------------------- restore

    /** Which backup: by id, or the newest of a day. */
    public Manifest resolve(Optional<String> id, Optional<LocalDate> date) {
        try {
            if (id.isPresent()) {
                Manifest m = catalog.require(id.get());
                if (date.isPresent() && !date.get().equals(LocalDate.ofInstant(m.startedAt(), ZoneOffset.UTC))) {
                    throw HoliException.invalid("--backup", id.get() + " is not from " + date.get());
                }
                return m;
            }
            return catalog.onDate(date.orElseThrow(() -> HoliException.invalid("--backup-date", "give --backup-date YYYY-MM-DD or --backup ID")));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Whether a target names the database this instance serves from. */
    public boolean isLive(DatabaseUrl target) {
        DatabaseUrl live = database.url();
        return sameDatabase(target, live) || sameDatabase(target, source());
    }

    private static boolean sameDatabase(DatabaseUrl a, DatabaseUrl b) {
        return a.port() == b.port() && a.database().equals(b.database()) && (a.host().equalsIgnoreCase(b.host())
                || (isLocal(a.host()) && isLocal(b.host())));
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }

    /**
     * The manual's restore procedure as one step. Refuses a non-empty target without {@code confirm}; holds the
     * service in maintenance when the target is the live database; backs the target up first; restores in one
     * transaction with row counts and the audit trail checked before it commits; migrates the schema forward;
     * records the outcome.
     */
    public Reports.Restored restore(Manifest m, DatabaseUrl target, boolean confirm, Consumer<String> progress) {
        AgeKeys keys = keys();
        keys.requireIdentity("backup " + m.id());
        boolean live = isLive(target);
        Instant started = Instant.now();
        Optional<String> safety = Optional.empty();
        boolean inMaintenance = false;
        try {
            boolean empty;
            boolean targetHasOps;
            try (var c = PgClient.connect(target)) {
                empty = io.holi.backup.internal.DatabaseFacts.empty(c);
                targetHasOps = io.holi.backup.internal.DatabaseFacts.hasSchema(c, "holi_ops");
            } catch (SQLException e) {
                throw new HoliException(HoliException.Kind.UNAVAILABLE, "Cannot connect to the target " + target + ": "
                        + e.getMessage(), e);
            }
            if (!empty && !confirm) {
                throw new HoliException(HoliException.Kind.CONFLICT, "The target " + target + (live ? " is the live database and" : "")
                        + " holds data. Restoring " + m.id() + " replaces it (a safety backup is taken first). "
                        + "Run again with --confirm to go ahead.");
            }
            if (live && targetHasOps) {
                progress.accept("Maintenance mode on: every instance answers 503 (except health checks) until the restore ends");
                maintenance.enter("restoring " + m.id(), actor());
                inMaintenance = true;
                // each instance rereads the flag within a second; let requests in flight finish
                Thread.sleep(1500);
            }
            if (!empty) {
                progress.accept("Safety backup of " + target + " ...");
                Manifest s = create("safety", target);
                safety = Optional.of(s.id());
                progress.accept("Safety backup " + s.id() + " written (" + s.ciphertextBytes() + " bytes) to " + location());
            }
            progress.accept("Restoring " + m.id() + " (" + m.ciphertextBytes() + " bytes) into " + target + " in one transaction ...");
            var plan = new BackupRestorer.Plan(m, target, targetHasOps, live, extensionsToCreate(m, target),
                    (int) Math.max(1, ChronoUnit.MONTHS.between(LocalDate.ofInstant(m.startedAt(), ZoneOffset.UTC).withDayOfMonth(1),
                            LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1)) + 1));
            BackupRestorer.Result r = restorer.restore(plan, keys);
            progress.accept("Restored and committed: row counts match the manifest; the audit trail is intact");
            String schema = migrate(target);
            Duration took = Duration.between(started, Instant.now());
            Map<String, Long> expected = new LinkedHashMap<>(BackupRestorer.expectedCounts(plan));
            if (live && expected.containsKey(AuditTables.TRAIL)) {
                expected.put(AuditTables.TRAIL, expected.get(AuditTables.TRAIL) + r.carriedAuditRecords());
            }
            Reports.Restored report = new Reports.Restored(m.id(), target.toString(), live, safety, expected, r.rowCounts(),
                    r.carriedAuditRecords(), "intact (append-only protection in place, ids unique, sequence ahead)", schema, took);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("target", target.toString());
            details.put("live", live);
            details.put("safetyBackup", safety.orElse(null));
            details.put("rows", r.rowCounts());
            details.put("carriedAuditRecords", r.carriedAuditRecords());
            details.put("schemaVersion", schema);
            details.put("durationSeconds", took.toMillis() / 1000.0);
            operations.record(RESTORE, m.id(), started, RunOutcome.SUCCESS, details);
            return report;
        } catch (HoliException e) {
            recordFailure(RESTORE, m, target, started, safety, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recordFailure(RESTORE, m, target, started, safety, "interrupted");
            throw new HoliException(HoliException.Kind.FAILED, "Interrupted before the restore began; nothing changed.", e);
        } catch (IOException | SQLException | RuntimeException e) {
            String why = e instanceof BackupRestorer.RolledBack ? e.getMessage() : describe(e);
            recordFailure(RESTORE, m, target, started, safety, why);
            throw new HoliException(HoliException.Kind.FAILED, "Restore of " + m.id() + " into " + target + " failed and was "
                    + "rolled back: the target is as it was before. Cause: " + why + safety.map(s -> ". Should the target "
                    + "still need rebuilding, the safety backup " + s + " holds it as it was: holi backup restore --backup "
                    + s + " --target <url> --confirm").orElse(""), e);
        } finally {
            if (inMaintenance) {
                try {
                    maintenance.leave();
                    progress.accept("Maintenance mode off");
                } catch (RuntimeException e) {
                    log.error("Could not leave maintenance mode after the restore: run `holi maintenance off` ({})",
                            e.getClass().getSimpleName());
                }
            }
        }
    }

    private void recordFailure(String kind, Manifest m, DatabaseUrl target, Instant started, Optional<String> safety, String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", target.toString());
        details.put("error", why);
        details.put("safetyBackup", safety.orElse(null));
        operations.record(kind, m.id(), started, RunOutcome.FAILED, details);
    }

    /** Extensions the backup uses that the target lacks and the restoring role may create (not the monitoring ones). */
    private static List<String> extensionsToCreate(Manifest m, DatabaseUrl target) throws SQLException {
        List<String> present;
        try (var c = PgClient.connect(target)) {
            present = io.holi.backup.internal.DatabaseFacts.extensions(c);
        }
        return m.extensions().stream().filter(e -> !present.contains(e))
                .filter(e -> !BackupRestorer.MONITORING_EXTENSIONS.contains(e)).toList();
    }

    /** Brings the restored schema to this version of holi (a backup from an older version gains the newer migrations). */
    private static String migrate(DatabaseUrl target) {
        Flyway flyway = Flyway.configure()
                .dataSource(target.jdbcUrl(), target.username(), target.password())
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    // ---------------------------------------------------------------- drills

    /**
     * A restore drill: the backup restored into a temporary cluster ({@code scratch}) or an empty database,
     * checked like a real restore, migrated, timed against the RTO, then removed. Never touches the live database.
     */
    public Reports.Drill testRestore(Manifest m, Optional<DatabaseUrl> targetUrl, boolean confirm, Consumer<String> progress) {
        Instant started = Instant.now();
        String targetName = targetUrl.map(DatabaseUrl::toString).orElse("scratch");
        if (targetUrl.isPresent() && isLive(targetUrl.get())) {
            throw HoliException.invalid("--target", "a drill never restores into the live database; use scratch or another database");
        }
        ScratchCluster scratch = null;
        try {
            DatabaseUrl target;
            if (targetUrl.isEmpty()) {
                progress.accept("Starting a temporary PostgreSQL cluster ...");
                scratch = ScratchCluster.start(properties.scratchDir(), database);
                target = scratch.url();
            } else {
                target = targetUrl.get();
            }
            Instant restoreStart = Instant.now();
            Reports.Restored restored = restore(m, target, confirm, progress);
            Duration restoreTook = Duration.between(restoreStart, Instant.now());
            if (scratch == null) {
                ScratchCluster.empty(target);
            } else {
                scratch.close();
                scratch = null;
            }
            Duration total = Duration.between(started, Instant.now());
            Reports.Drill drill = new Reports.Drill(m.id(), targetName, true, Optional.empty(), restored, restoreTook, total,
                    properties.rto(), m.plaintextBytes());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("target", targetName);
            details.put("restoreSeconds", restoreTook.toMillis() / 1000.0);
            details.put("totalSeconds", total.toMillis() / 1000.0);
            details.put("rtoSeconds", properties.rto().toSeconds());
            details.put("withinRto", drill.withinRto());
            details.put("rows", restored.restoredRows());
            details.put("plaintextBytes", m.plaintextBytes());
            operations.record(DRILL, m.id(), started, drill.withinRto() ? RunOutcome.SUCCESS : RunOutcome.WARNING, details);
            return drill;
        } catch (RuntimeException | IOException e) {
            Duration total = Duration.between(started, Instant.now());
            String why = e.getMessage();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("target", targetName);
            details.put("error", why);
            details.put("totalSeconds", total.toMillis() / 1000.0);
            operations.record(DRILL, m.id(), started, RunOutcome.FAILED, details);
            return new Reports.Drill(m.id(), targetName, false, Optional.of(why), null, Duration.ZERO, total, properties.rto(),
                    m.plaintextBytes());
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private HoliException unreachable(IOException e) {
        return new HoliException(HoliException.Kind.UNAVAILABLE, "The object store " + catalog.describe() + " failed: "
                + describe(e), e);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String actor() {
        return Caller.current().map(c -> c.email()).orElse("system:" + System.getProperty("user.name", "unknown"));
    }
}
