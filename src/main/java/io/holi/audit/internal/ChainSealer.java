package io.holi.audit.internal;

import io.holi.audit.AuditProperties;
import io.holi.audit.ChainReports;
import io.holi.audit.internal.Seals.Seal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Seals every committed audit row not sealed yet, in batches of at most {@code holi.audit.seal-batch-size} ids
 * (50,000). Rows only count once every transaction that was open when the ceiling was read has ended, so a slow
 * transaction can never add a row inside a sealed range. Several instances may seal at once: the batch number decides, the loser continues from the winner.
 */
@Component
public class ChainSealer {

    static final Duration WAIT_FOR_OLDER_TRANSACTIONS = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final Seals seals;
    private final long batchIds;

    ChainSealer(JdbcClient jdbc, Seals seals, AuditProperties properties) {
        this.jdbc = jdbc;
        this.seals = seals;
        if (properties.sealBatchSize() < 1) {
            throw new IllegalStateException("holi.audit.seal-batch-size must be at least 1");
        }
        this.batchIds = properties.sealBatchSize();
    }

    /** Seals what there is; the last seal afterwards (for the head kept outside the database). */
    public Result seal() {
        int batches = 0;
        long rows = 0;
        Optional<String> skipped = Optional.empty();
        Seal last = seals.latest().orElse(null);
        while (true) {
            long lastId = last == null ? 0 : last.lastId();
            Map<String, Object> horizon = jdbc.sql("SELECT clock_timestamp() AS t, (SELECT coalesce(max(id), 0) FROM audit_logs) AS x")
                    .query().singleRow();
            long ceiling = ((Number) horizon.get("x")).longValue();
            if (ceiling <= lastId) {
                break;
            }
            if (!SealedRows.awaitOlderTransactions(jdbc, (Timestamp) horizon.get("t"), WAIT_FOR_OLDER_TRANSACTIONS)) {
                skipped = Optional.of("a transaction that may still add audit rows has been open for more than "
                        + WAIT_FOR_OLDER_TRANSACTIONS.toSeconds() + " s; the rows after id " + lastId + " are sealed on the next run");
                break;
            }
            while (lastId < ceiling) {
                long upper = Math.min(ceiling, lastId + batchIds);
                SealedRows.Digest d = SealedRows.digest(jdbc, SealFormat.CURRENT, lastId, upper);
                long batch = last == null ? 1 : last.batch() + 1;
                String prev = last == null ? ChainVerifier.GENESIS : last.digest();
                String digest = ChainVerifier.chainDigest(SealFormat.CURRENT, prev, batch, lastId, upper, d.count(), d.sha256());
                if (!seals.insert(batch, lastId, upper, d, prev, digest, SealFormat.CURRENT)) {
                    // another instance sealed it first: continue from what it wrote
                    last = seals.latest().orElseThrow();
                    lastId = last.lastId();
                    continue;
                }
                batches++;
                rows += d.count();
                last = seals.latest().orElseThrow();
                lastId = upper;
            }
        }
        return new Result(new ChainReports.Sealed(batches, rows, last == null ? 0 : last.batch(), last == null ? 0 : last.lastId(),
                skipped), Optional.ofNullable(last));
    }

    /** What sealing did, and the chain's last seal. */
    public record Result(ChainReports.Sealed report, Optional<Seal> last) {
    }
}
