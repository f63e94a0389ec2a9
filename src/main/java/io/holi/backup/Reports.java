package io.holi.backup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the backup procedures report: printed by the CLI, recorded as evidence. */
public final class Reports {

    private Reports() {
    }

    public record Verified(String id, boolean ok, List<String> problems, long ciphertextBytes, long plaintextBytes,
                           int archiveEntries, Duration took) {
    }

    public record Pruned(List<String> deleted, List<String> kept, List<String> orphansRemoved, boolean dryRun) {
    }

    /**
     * @param expectedRows        per table, what the manifest says (plus carried audit records for the live database)
     * @param restoredRows        per table, what the target holds after the restore
     * @param carriedAuditRecords audit records newer than the backup that the live database kept
     * @param safetyBackup        the backup of the target taken before it was replaced, if it held anything
     */
    public record Restored(String backupId, String target, boolean live, Optional<String> safetyBackup,
                           Map<String, Long> expectedRows, Map<String, Long> restoredRows, long carriedAuditRecords,
                           String auditTrail, String schemaVersionAfter, Duration took) {
    }

    /**
     * @param restoreTook time to fetch, decrypt, load and check the backup
     * @param totalTook   everything, including preparing and removing the scratch cluster
     * @param rto         the objective it is measured against
     */
    public record Drill(String backupId, String target, boolean ok, Optional<String> failure, Restored restored,
                        Duration restoreTook, Duration totalTook, Duration rto, long plaintextBytes) {
        public boolean withinRto() {
            return totalTook.compareTo(rto) <= 0;
        }
    }
}
