package io.holi.audit;

import io.holi.audit.internal.ChainArchiver;
import io.holi.audit.internal.ChainSealer;
import io.holi.audit.internal.ChainVerifier;
import io.holi.audit.internal.PartitionPruner;
import io.holi.audit.internal.SealFormat;
import io.holi.audit.internal.SealedRows;
import io.holi.audit.internal.Seals;
import io.holi.platform.HoliException;
import io.holi.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail made tamper-evident and kept for six years: rows are sealed in batches into a hash chain
 * (holi_ops.audit_seals, its head also in the object store), verified by recomputing the chain from the rows,
 * archived as gzipped lines (one per row, in the seal's format) with checksums, and pruned from the database only once archived and verified.
 * Each procedure records its run.
 */
@Service
public class AuditChain {

    public static final String GENESIS = ChainVerifier.GENESIS;
    public static final String HEAD_KEY = "audit/chain/head.json";
    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final JsonMapper json;
    private final Seals seals;
    private final ChainSealer sealer;
    private final ChainArchiver archiver;
    private final PartitionPruner pruner;
    private final OperationRecords operations;

    AuditChain(JdbcClient jdbc, ObjectStore store, JsonMapper json, Seals seals, ChainSealer sealer, ChainArchiver archiver,
               PartitionPruner pruner, OperationRecords operations) {
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
        this.seals = seals;
        this.sealer = sealer;
        this.archiver = archiver;
        this.pruner = pruner;
        this.operations = operations;
    }

    /** The digest of a batch continuing the chain at {@code prev} (what a seal stores). */
    public static String chainDigest(SealFormat format, String prev, long batch, long afterId, long lastId, long count, String rowsSha) {
        return ChainVerifier.chainDigest(format, prev, batch, afterId, lastId, count, rowsSha);
    }

    /** Seals every committed row not sealed yet; writes the chain's head to the object store. */
    public ChainReports.Sealed seal() {
        ChainSealer.Result r = sealer.seal();
        if (r.report().batches() > 0) {
            r.last().ifPresent(s -> writeHead(new ChainReports.Head(s.batch(), s.lastId(), s.digest(), s.sealedAt())));
        }
        return r.report();
    }

    private void writeHead(ChainReports.Head head) {
        try {
            store.put(HEAD_KEY, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(head));
        } catch (IOException | RuntimeException e) {
            log.error("The audit chain head could not be written to {} ({}); the next seal writes it again",
                    store.describe(), e.getClass().getSimpleName());
        }
    }

    public Optional<ChainReports.Head> storedHead() {
        try {
            if (store.head(HEAD_KEY).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(json.readValue(store.read(HEAD_KEY), ChainReports.Head.class));
        } catch (IOException e) {
            throw new HoliException(HoliException.Kind.UNAVAILABLE, "the object store " + store.describe() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** Recomputes the whole chain from the rows (from the archive where rows were pruned); names the first bad batch. */
    public ChainReports.Verified verify() {
        Instant started = Instant.now();
        long[] fromArchive = {0};
        ChainVerifier.Outcome outcome = ChainVerifier.verify(seals.all(), s -> {
            if (s.prunedAt() != null) {
                fromArchive[0]++;
                return archiver.fromArchive(s);
            }
            return SealedRows.digest(jdbc, s.format(), s.afterId(), s.lastId());
        });
        long lastSealed = seals.latest().map(Seals.Seal::lastId).orElse(0L);
        long unsealed = jdbc.sql("SELECT count(*) FROM audit_logs WHERE id > ?").param(lastSealed).query(Long.class).single();
        ChainReports.HeadCheck head = ChainVerifier.compareHead(outcome, storedHead(), store.describe());
        Optional<ChainReports.Break> broken = outcome.firstBreak().or(head::rewritten);
        ChainReports.Verified v = new ChainReports.Verified(broken.isEmpty(), outcome.batches(), outcome.rows(), broken, unsealed,
                head.description(), fromArchive[0]);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("batches", v.batches());
        details.put("rows", v.rows());
        details.put("unsealedRows", unsealed);
        details.put("head", v.head());
        broken.ifPresent(b -> details.put("firstBreak", Map.of("batch", b.batch(), "reason", b.reason(), "afterId", b.afterId(),
                "lastId", b.lastId())));
        operations.record("audit.verify", null, started, v.ok() ? RunOutcome.SUCCESS : RunOutcome.FAILED, details);
        return v;
    }

    /** Sealed batches to the object store: gzipped lines, one object per batch, checked against the seal. */
    public ChainReports.Archived archive() {
        Instant started = Instant.now();
        ChainReports.Archived a = archiver.archive();
        if (a.batches() > 0) {
            operations.record("audit.archive", null, started, RunOutcome.SUCCESS, Map.of("batches", a.batches(), "rows", a.rows()));
        }
        return a;
    }

    /**
     * Drops monthly partitions older than {@code olderThan} whose every row is sealed, archived, and whose archive
     * objects are verified now; refuses the others and says why.
     */
    public ChainReports.Pruned prune(Duration olderThan, boolean dryRun) {
        if (olderThan.compareTo(Duration.ofDays(30)) < 0) {
            throw HoliException.invalid("--older-than", "must be at least 30d: the database keeps at least a month of audit records");
        }
        Instant started = Instant.now();
        ChainReports.Pruned p = pruner.prune(olderThan, dryRun);
        if (!dryRun) {
            operations.record("audit.prune", null, started, p.refused().isEmpty() ? RunOutcome.SUCCESS : RunOutcome.WARNING,
                    Map.of("dropped", p.dropped(), "refused", p.refused(), "olderThanDays", olderThan.toDays()));
        }
        return p;
    }
}
