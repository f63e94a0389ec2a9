package io.holi.backup.internal;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.audit.OperationRun;
import io.holi.backup.BackupService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Prometheus needs to say "no backup for a day", "the last drill failed" and "WAL archiving is behind":
 * read every minute from the evidence of the runs (holi_ops.operation_runs, shared by every instance and by the
 * command line) and from PostgreSQL's archiver statistics. A run that never happened reads as 0 (the epoch), so a
 * platform that never backed up alerts too.
 */
@Component
class BackupMetrics {

    private static final Logger log = LoggerFactory.getLogger(BackupMetrics.class);

    private final OperationRecords operations;
    private final JdbcClient jdbc;
    private final Map<String, Double> values = new ConcurrentHashMap<>();

    BackupMetrics(OperationRecords operations, JdbcClient jdbc, MeterRegistry meters) {
        this.operations = operations;
        this.jdbc = jdbc;
        gauge(meters, "holi_backup_last_success_timestamp_seconds", "When the last successful backup finished (0: never)");
        gauge(meters, "holi_backup_last_size_bytes", "Encrypted size of the last successful backup");
        gauge(meters, "holi_backup_last_duration_seconds", "How long the last successful backup took");
        gauge(meters, "holi_backup_last_verify_success", "1 if the last backup verification passed, 0 if it failed");
        gauge(meters, "holi_backup_last_verify_timestamp_seconds", "When a backup was last verified (0: never)");
        gauge(meters, "holi_restore_drill_last_success", "1 if the last restore drill passed within the RTO, 0 if not");
        gauge(meters, "holi_restore_drill_last_timestamp_seconds", "When the last restore drill ran (0: never)");
        gauge(meters, "holi_restore_drill_last_duration_seconds", "How long the last restore drill took, end to end");
        gauge(meters, "holi_pitr_last_archived_wal_age_seconds",
                "0 while every completed WAL segment is archived; else seconds since the last successful archive");
    }

    private void gauge(MeterRegistry meters, String name, String help) {
        Gauge.builder(name, values, v -> v.getOrDefault(name, Double.NaN)).description(help).register(meters);
    }

    @Scheduled(fixedDelayString = "${holi.backup.metrics-refresh:60s}", initialDelayString = "0s")
    void refresh() {
        try {
            Optional<OperationRun> backup = operations.latest(BackupService.CREATE, Optional.of(RunOutcome.SUCCESS));
            values.put("holi_backup_last_success_timestamp_seconds", backup.map(r -> r.finishedAt().getEpochSecond()).orElse(0L).doubleValue());
            backup.ifPresent(r -> {
                values.put("holi_backup_last_size_bytes", number(r.details().get("ciphertextBytes")));
                values.put("holi_backup_last_duration_seconds", number(r.details().get("durationSeconds")));
            });
            Optional<OperationRun> verify = operations.latest(BackupService.VERIFY, Optional.empty());
            values.put("holi_backup_last_verify_timestamp_seconds", verify.map(r -> r.finishedAt().getEpochSecond()).orElse(0L).doubleValue());
            verify.ifPresent(r -> values.put("holi_backup_last_verify_success", r.succeeded() ? 1.0 : 0.0));
            Optional<OperationRun> drill = operations.latest(BackupService.DRILL, Optional.empty());
            values.put("holi_restore_drill_last_timestamp_seconds", drill.map(r -> r.finishedAt().getEpochSecond()).orElse(0L).doubleValue());
            drill.ifPresent(r -> {
                values.put("holi_restore_drill_last_success", r.succeeded() ? 1.0 : 0.0);
                values.put("holi_restore_drill_last_duration_seconds", r.duration().toMillis() / 1000.0);
            });
        } catch (RuntimeException e) {
            log.warn("Backup metrics could not be read from the operation records ({})", e.getClass().getSimpleName());
        }
        try {
            values.put("holi_pitr_last_archived_wal_age_seconds", archivedWalAge().orElse(Double.NaN));
        } catch (RuntimeException e) {
            values.put("holi_pitr_last_archived_wal_age_seconds", Double.NaN);
        }
    }

    /** Empty when archiving is off (no PITR configured) or this is a standby. */
    Optional<Double> archivedWalAge() {
        return jdbc.sql("""
                SELECT CASE
                         WHEN current_setting('archive_mode') = 'off' OR pg_is_in_recovery() THEN NULL
                         WHEN a.last_archived_wal ~ '^[0-9A-F]{24}$'
                              AND a.last_archived_wal >= pg_walfile_name(pg_current_wal_lsn()
                                    - least(pg_size_bytes(current_setting('wal_segment_size'))::numeric,
                                            pg_current_wal_lsn() - '0/0'::pg_lsn)) THEN 0
                         ELSE extract(epoch FROM now() - coalesce(a.last_archived_time, pg_postmaster_start_time()))
                       END
                  FROM pg_stat_archiver a""")
                .query((rs, i) -> {
                    double v = rs.getDouble(1);
                    return rs.wasNull() ? Optional.<Double>empty() : Optional.of(v);
                }).single();
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
