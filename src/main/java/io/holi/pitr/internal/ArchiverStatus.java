package io.holi.pitr.internal;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far WAL archiving lags, read from PostgreSQL's own archiver statistics, and the manual's RPO rule over it: no
 * completed WAL segment may wait longer than the recovery point objective (15 minutes).
 *
 * @param ageSeconds how long the oldest completed but unarchived segment has waited; 0 when every completed segment
 *                   is archived; empty when archiving is off or this is a replica
 */
public record ArchiverStatus(String mode, Optional<String> lastWal, Optional<Instant> lastAt, long failed, Optional<Double> ageSeconds) {

    public static final Duration RPO = Duration.ofMinutes(15);

    public static ArchiverStatus read(JdbcClient jdbc) {
        return jdbc.sql("""
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
            double age = rs.getDouble(4);
            Optional<Double> ageSeconds = rs.wasNull() ? Optional.empty() : Optional.of(age);
            return new ArchiverStatus(rs.getString(5), Optional.ofNullable(rs.getString(1)),
                    Optional.ofNullable(rs.getTimestamp(2)).map(t -> t.toInstant()), rs.getLong(3), ageSeconds);
        }).single();
    }

    /** What is wrong with archiving by the manual's RPO, if anything. */
    public Optional<String> problem() {
        if ("off".equals(mode)) {
            return Optional.of("archive_mode is off: run holi pitr setup");
        }
        if (ageSeconds.isPresent() && ageSeconds.get() > RPO.toSeconds()) {
            return Optional.of("completed WAL has waited " + Math.round(ageSeconds.get()) + " s for archiving: the "
                    + RPO.toMinutes() + "-minute RPO is not met");
        }
        return Optional.empty();
    }
}
