package io.holi.backup;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.internal.AgeKeys;
import io.holi.backup.internal.BackupCatalog;
import io.holi.backup.internal.BackupKeys;
import io.holi.backup.internal.BackupRestorer;
import io.holi.backup.internal.BackupVerifier;
import io.holi.backup.internal.BackupWriter;
import io.holi.backup.internal.PgClient;
import io.holi.backup.internal.RestoreDrill;
import io.holi.backup.internal.RestoreProcedure;
import io.holi.backup.internal.RetentionPolicy;
import io.holi.platform.DatabaseUrl;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.Maintenance;
import io.holi.storage.ObjectStore;
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
    public static final String RESTORE = RestoreProcedure.RESTORE;
    public static final String DRILL = RestoreDrill.DRILL;

    private final BackupProperties properties;
    private final HoliDatabase database;
    private final OperationRecords operations;
    private final BackupCatalog catalog;
    private final BackupWriter writer;
    private final BackupVerifier verifier;
    private final RestoreProcedure restoreProcedure;
    private final RestoreDrill drill;

    BackupService(BackupProperties properties, HoliDatabase database, ObjectStore store, OperationRecords operations,
                  Maintenance maintenance, JsonMapper json) {
        this.properties = properties;
        this.database = database;
        this.operations = operations;
        PgClient pg = new PgClient(database.cluster().map(c -> c.binaries()).orElseGet(io.holi.database.PostgresBinaries::locate));
        this.catalog = new BackupCatalog(store, json);
        this.writer = new BackupWriter(pg, store);
        this.verifier = new BackupVerifier(pg, store);
        this.restoreProcedure = new RestoreProcedure(new BackupRestorer(pg, store), operations, maintenance, this::create,
                catalog.describe());
        this.drill = new RestoreDrill(operations, database, properties.scratchDir(), properties.rto());
    }

    /** Where backups go, for messages. */
    public String location() {
        return catalog.describe();
    }

    private AgeKeys keys() {
        return BackupKeys.from(properties);
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
            RetentionPolicy.Decision decision = RetentionPolicy.decide(catalog.all(), started, retention, keepMin);
            List<String> delete = decision.delete();
            List<String> keep = decision.keep();
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
        return DatabaseUrl.sameDatabase(target, live) || DatabaseUrl.sameDatabase(target, source());
    }

    /**
     * The manual's restore procedure as one step (see {@link RestoreProcedure}): refuses a non-empty target without
     * {@code confirm}, holds the service in maintenance when the target is the live database, backs the target up
     * first, restores in one transaction checked before it commits, migrates the schema forward, records the outcome.
     */
    public Reports.Restored restore(Manifest m, DatabaseUrl target, boolean confirm, Consumer<String> progress) {
        return restoreProcedure.restore(m, target, isLive(target), confirm, keys(), progress);
    }

    /**
     * A restore drill (see {@link RestoreDrill}): into a temporary cluster ({@code scratch}) or an empty database,
     * timed against the RTO, then removed. Never the live database.
     */
    public Reports.Drill testRestore(Manifest m, Optional<DatabaseUrl> targetUrl, boolean confirm, Consumer<String> progress) {
        if (targetUrl.isPresent() && isLive(targetUrl.get())) {
            throw HoliException.invalid("--target", "a drill never restores into the live database; use scratch or another database");
        }
        return drill.run(m, targetUrl, confirm, this::restore, progress);
    }

    private HoliException unreachable(IOException e) {
        return new HoliException(HoliException.Kind.UNAVAILABLE, "The object store " + catalog.describe() + " failed: "
                + describe(e), e);
    }

    static String describe(Throwable e) {
        return RestoreProcedure.describe(e);
    }
}
