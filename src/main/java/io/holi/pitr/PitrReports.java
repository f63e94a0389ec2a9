package io.holi.pitr;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the point-in-time recovery commands report. */
public final class PitrReports {

    private PitrReports() {
    }

    /**
     * @param postgresqlConf the settings PostgreSQL needs (applied to the embedded cluster; printed for an external one)
     * @param applied        whether holi applied them and created the stanza itself
     * @param nextSteps      what is left to do by hand (external databases)
     */
    public record Setup(Path config, String repository, List<String> postgresqlConf, boolean applied, List<String> nextSteps) {
    }

    public record Backup(String label, String type, long sizeBytes, long repositoryBytes, Instant startedAt, Instant stoppedAt) {
    }

    /**
     * @param archivedWalAgeSeconds 0 while every completed segment is archived, else seconds since the last archive
     * @param recoverableFrom       the earliest time a restore can reach (the oldest backup's end)
     */
    public record Check(boolean ok, Optional<String> problem, Optional<Double> archivedWalAgeSeconds, Optional<String> lastArchivedWal,
                        Optional<Instant> lastArchivedAt, long failedCount, int backups, Optional<Instant> recoverableFrom) {
    }

    public record Restored(Path dataDirectory, String targetTime, boolean started, Optional<Integer> port, Optional<Path> socketDirectory,
                           Optional<Path> log) {
    }
}
