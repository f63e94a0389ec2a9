package io.holi.backup.internal;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.Manifest;
import io.holi.backup.Reports;
import io.holi.platform.DatabaseUrl;
import io.holi.database.HoliDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A restore drill (manual 2.2, 2.3): the backup restored into a temporary cluster (scratch) or an empty database,
 * checked like a real restore, migrated, timed against the RTO, then removed. Never touches the live database.
 */
public final class RestoreDrill {

    public static final String DRILL = "backup.drill";

    /** A real restore into the drill's target: the same procedure as the manual's restore. */
    @FunctionalInterface
    public interface Restore {
        Reports.Restored into(Manifest m, DatabaseUrl target, boolean confirm, Consumer<String> progress);
    }

    private final OperationRecords operations;
    private final HoliDatabase database;
    private final Path scratchDir;
    private final Duration rto;

    public RestoreDrill(OperationRecords operations, HoliDatabase database, Path scratchDir, Duration rto) {
        this.operations = operations;
        this.database = database;
        this.scratchDir = scratchDir;
        this.rto = rto;
    }

    public Reports.Drill run(Manifest m, Optional<DatabaseUrl> targetUrl, boolean confirm, Restore restore, Consumer<String> progress) {
        Instant started = Instant.now();
        String targetName = targetUrl.map(DatabaseUrl::toString).orElse("scratch");
        ScratchCluster scratch = null;
        try {
            DatabaseUrl target;
            if (targetUrl.isEmpty()) {
                progress.accept("Starting a temporary PostgreSQL cluster ...");
                scratch = ScratchCluster.start(scratchDir, database);
                target = scratch.url();
            } else {
                target = targetUrl.get();
            }
            Instant restoreStart = Instant.now();
            Reports.Restored restored = restore.into(m, target, confirm, progress);
            Duration restoreTook = Duration.between(restoreStart, Instant.now());
            if (scratch == null) {
                ScratchCluster.empty(target);
            } else {
                scratch.close();
                scratch = null;
            }
            Duration total = Duration.between(started, Instant.now());
            Reports.Drill drill = new Reports.Drill(m.id(), targetName, true, Optional.empty(), restored, restoreTook, total, rto,
                    m.plaintextBytes());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("target", targetName);
            details.put("restoreSeconds", restoreTook.toMillis() / 1000.0);
            details.put("totalSeconds", total.toMillis() / 1000.0);
            details.put("rtoSeconds", rto.toSeconds());
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
            return new Reports.Drill(m.id(), targetName, false, Optional.of(why), null, Duration.ZERO, total, rto, m.plaintextBytes());
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
    }
}
