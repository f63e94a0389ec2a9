package io.holi.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What sealing, verifying, archiving and pruning the audit trail report. */
public final class ChainReports {

    private ChainReports() {
    }

    /** @param skipped why sealing stopped short (a transaction still open that may add rows below the ceiling) */
    public record Sealed(int batches, long rows, long lastBatch, long lastId, Optional<String> skipped) {
    }

    /** The first batch that does not match, and how. */
    public record Break(long batch, long afterId, long lastId, String reason) {
    }

    /**
     * @param head what the object store's copy of the chain head says about the database's chain
     */
    public record Verified(boolean ok, long batches, long rows, Optional<Break> firstBreak, long unsealedRows, String head,
                           long archiveVerifiedBatches) {
    }

    public record Archived(int batches, long rows, List<String> objects) {
    }

    public record Pruned(List<String> dropped, List<String> refused, boolean dryRun) {
    }

    public record Head(long batch, long lastId, String digest, Instant sealedAt) {
    }

    /** How the database's chain compares with the head kept in the object store, and the break that makes, if any. */
    public record HeadCheck(String description, Optional<Break> rewritten) {
    }
}
