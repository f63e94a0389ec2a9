package io.holi.backup.internal;

import io.holi.audit.AuditTables;
import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.Manifest;
import io.holi.backup.Reports;
import io.holi.platform.Caller;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.HoliException;
import io.holi.platform.Maintenance;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The manual's restore procedure (4.3, steps 1-9) as one step: refuse a target holding data unless confirmed; hold
 * every instance in maintenance when the target is the live database; back the target up first (the safety backup);
 * restore in one transaction that commits only when every row count and the audit trail check out; migrate the
 * schema forward; record the outcome, success or failure.
 */
public final class RestoreProcedure {

    public static final String RESTORE = "backup.restore";
    private static final Logger log = LoggerFactory.getLogger(RestoreProcedure.class);

    private final BackupRestorer restorer;
    private final OperationRecords operations;
    private final Maintenance maintenance;
    private final BiFunction<String, DatabaseUrl, Manifest> safetyBackup;
    private final String backupLocation;

    /** @param safetyBackup takes a backup of a database (kind "safety"), as the service does */
    public RestoreProcedure(BackupRestorer restorer, OperationRecords operations, Maintenance maintenance,
                            BiFunction<String, DatabaseUrl, Manifest> safetyBackup, String backupLocation) {
        this.restorer = restorer;
        this.operations = operations;
        this.maintenance = maintenance;
        this.safetyBackup = safetyBackup;
        this.backupLocation = backupLocation;
    }

    public Reports.Restored restore(Manifest m, DatabaseUrl target, boolean live, boolean confirm, AgeKeys keys,
                                    Consumer<String> progress) {
        keys.requireIdentity("backup " + m.id());
        Instant started = Instant.now();
        Optional<String> safety = Optional.empty();
        boolean inMaintenance = false;
        try {
            boolean empty;
            boolean targetHasOps;
            try (var c = PgClient.connect(target)) {
                empty = DatabaseFacts.empty(c);
                targetHasOps = DatabaseFacts.hasSchema(c, "holi_ops");
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
                Manifest s = safetyBackup.apply("safety", target);
                safety = Optional.of(s.id());
                progress.accept("Safety backup " + s.id() + " written (" + s.ciphertextBytes() + " bytes) to " + backupLocation);
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
            recordFailure(m, target, started, safety, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recordFailure(m, target, started, safety, "interrupted");
            throw new HoliException(HoliException.Kind.FAILED, "Interrupted before the restore began; nothing changed.", e);
        } catch (IOException | SQLException | RuntimeException e) {
            String why = e instanceof BackupRestorer.RolledBack ? e.getMessage() : describe(e);
            recordFailure(m, target, started, safety, why);
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

    private void recordFailure(Manifest m, DatabaseUrl target, Instant started, Optional<String> safety, String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", target.toString());
        details.put("error", why);
        details.put("safetyBackup", safety.orElse(null));
        operations.record(RESTORE, m.id(), started, RunOutcome.FAILED, details);
    }

    /** Extensions the backup uses that the target lacks and the restoring role may create (not the monitoring ones). */
    private static List<String> extensionsToCreate(Manifest m, DatabaseUrl target) throws SQLException {
        List<String> present;
        try (var c = PgClient.connect(target)) {
            present = DatabaseFacts.extensions(c);
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

    public static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String actor() {
        return Caller.current().map(Caller::email).orElse("system:" + System.getProperty("user.name", "unknown"));
    }
}
