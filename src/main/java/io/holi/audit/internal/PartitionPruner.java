package io.holi.audit.internal;

import io.holi.audit.ChainReports;
import io.holi.audit.internal.Seals.Seal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drops monthly partitions of the audit trail older than a cut-off once every row in them is sealed, archived and
 * the archive verifies now; refuses the others and says why. Never deletes rows one by one.
 */
@Component
public class PartitionPruner {

    private final JdbcClient jdbc;
    private final Seals seals;
    private final ChainArchiver archive;
    private final TransactionTemplate tx;

    PartitionPruner(JdbcClient jdbc, Seals seals, ChainArchiver archive, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.seals = seals;
        this.archive = archive;
        this.tx = new TransactionTemplate(transactions);
    }

    public ChainReports.Pruned prune(Duration olderThan, boolean dryRun) {
        List<String> dropped = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Map<String, Object>> partitions = jdbc.sql("""
                SELECT c.relname AS name,
                       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
                  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'public.audit_logs'::regclass
                 ORDER BY 2""").query().listOfRows();
        Instant cutoff = Instant.now().minus(olderThan);
        for (Map<String, Object> p : partitions) {
            String name = (String) p.get("name");
            Instant upper = p.get("upper") instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) p.get("upper")).toInstant();
            if (upper.isAfter(cutoff)) {
                continue;
            }
            Map<String, Object> range = jdbc.sql("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM " + quote(name)).query().singleRow();
            long n = ((Number) range.get("n")).longValue();
            long lo = n == 0 ? 0 : ((Number) range.get("lo")).longValue();
            long hi = n == 0 ? 0 : ((Number) range.get("hi")).longValue();
            Optional<String> why = n == 0 ? Optional.empty() : blocker(lo, hi);
            if (why.isPresent()) {
                refused.add(name + ": " + why.get());
                continue;
            }
            if (!dryRun) {
                tx.executeWithoutResult(status -> {
                    if (n > 0) {
                        seals.pruned(lo, hi);
                    }
                    jdbc.sql("DROP TABLE " + quote(name)).update();
                });
            }
            dropped.add(name + " (" + n + " rows, archived and verified)");
        }
        return new ChainReports.Pruned(dropped, refused, dryRun);
    }

    private Optional<String> blocker(long lo, long hi) {
        long sealedUpTo = seals.latest().map(Seal::lastId).orElse(0L);
        if (hi > sealedUpTo) {
            return Optional.of("rows up to id " + hi + " are not sealed yet (sealed up to " + sealedUpTo + "): run holi audit seal");
        }
        List<Seal> covering = seals.covering(lo, hi);
        long unarchived = covering.stream().filter(s -> s.archiveKey() == null).count();
        if (unarchived > 0) {
            return Optional.of(unarchived + " of its " + covering.size() + " sealed batches are not archived: run holi audit archive");
        }
        for (Seal s : covering) {
            SealedRows.Digest d = archive.fromArchive(s);
            if (d.count() != s.rowCount() || !d.sha256().equals(s.rowsSha256())) {
                return Optional.of("the archive of batch " + s.batch() + " does not verify (" + (d.count() < 0 ? d.sha256()
                        : "its rows differ from the seal") + ")");
            }
        }
        return Optional.empty();
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
