package io.holi.audit;

import io.holi.audit.internal.SealedRows;
import io.holi.platform.HoliException;
import io.holi.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The audit trail made tamper-evident and kept for six years: rows are sealed in batches into a hash chain
 * (holi_ops.audit_seals, its head also in the object store), verified by recomputing the chain from the rows,
 * archived as gzipped JSON lines with checksums, and pruned from the database only once archived and verified.
 */
@Service
public class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    public static final String HEAD_KEY = "audit/chain/head.json";
    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final long MAX_BATCH_IDS = 50_000;

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final OperationRecords operations;

    AuditChain(JdbcClient jdbc, ObjectStore store, JsonMapper json, PlatformTransactionManager transactions,
               OperationRecords operations) {
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
        this.operations = operations;
    }

    record Seal(long batch, long afterId, long lastId, long rowCount, String rowsSha256, String prevDigest, String digest,
                Instant firstTs, Instant lastTs, Instant sealedAt, String archiveKey, String archiveSha256, Instant prunedAt) {
    }

    private List<Seal> seals(String where, Object... params) {
        return jdbc.sql("SELECT * FROM holi_ops.audit_seals " + where).params(params).query((rs, i) -> new Seal(
                rs.getLong("batch"), rs.getLong("after_id"), rs.getLong("last_id"), rs.getLong("row_count"),
                rs.getString("rows_sha256"), rs.getString("prev_digest"), rs.getString("digest"),
                instant(rs.getTimestamp("first_ts")), instant(rs.getTimestamp("last_ts")), instant(rs.getTimestamp("sealed_at")),
                rs.getString("archive_key"), rs.getString("archive_sha256"), instant(rs.getTimestamp("pruned_at")))).list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String chainDigest(String prev, long batch, long afterId, long lastId, long count, String rowsSha) {
        return sha256Hex((prev + "\n" + batch + "\n" + afterId + "\n" + lastId + "\n" + count + "\n" + rowsSha)
                .getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- seal

    /**
     * Seals every committed row not sealed yet, in batches. Rows only count once every transaction that was open
     * when the ceiling was read has ended, so a slow transaction can never add a row inside a sealed range.
     */
    public ChainReports.Sealed seal() {
        int batches = 0;
        long rows = 0;
        Optional<String> skipped = Optional.empty();
        Seal last = latest().orElse(null);
        while (true) {
            long lastId = last == null ? 0 : last.lastId();
            Map<String, Object> horizon = jdbc.sql("SELECT clock_timestamp() AS t, (SELECT coalesce(max(id), 0) FROM audit_logs) AS x")
                    .query().singleRow();
            long ceiling = ((Number) horizon.get("x")).longValue();
            if (ceiling <= lastId) {
                break;
            }
            if (!SealedRows.awaitOlderTransactions(jdbc, (Timestamp) horizon.get("t"), Duration.ofSeconds(10))) {
                skipped = Optional.of("a transaction that may still add audit rows has been open for more than 10 s; "
                        + "the rows after id " + lastId + " are sealed on the next run");
                break;
            }
            while (lastId < ceiling) {
                long upper = Math.min(ceiling, lastId + MAX_BATCH_IDS);
                SealedRows.Digest d = SealedRows.digest(jdbc, lastId, upper);
                long batch = last == null ? 1 : last.batch() + 1;
                String prev = last == null ? GENESIS : last.digest();
                String digest = chainDigest(prev, batch, lastId, upper, d.count(), d.sha256());
                int inserted = jdbc.sql("""
                                INSERT INTO holi_ops.audit_seals (batch, after_id, last_id, row_count, rows_sha256, prev_digest, digest, first_ts, last_ts)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch) DO NOTHING""")
                        .params(batch, lastId, upper, d.count(), d.sha256(), prev, digest,
                                d.first() == null ? null : Timestamp.from(d.first()), d.last() == null ? null : Timestamp.from(d.last()))
                        .update();
                if (inserted == 0) {
                    // another instance sealed it first: continue from what it wrote
                    last = latest().orElseThrow();
                    lastId = last.lastId();
                    continue;
                }
                batches++;
                rows += d.count();
                last = latest().orElseThrow();
                lastId = upper;
            }
        }
        if (last != null && batches > 0) {
            writeHead(last);
        }
        return new ChainReports.Sealed(batches, rows, last == null ? 0 : last.batch(), last == null ? 0 : last.lastId(), skipped);
    }

    private Optional<Seal> latest() {
        return seals("ORDER BY batch DESC LIMIT 1").stream().findFirst();
    }

    private void writeHead(Seal s) {
        try {
            store.put(HEAD_KEY, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                    new ChainReports.Head(s.batch(), s.lastId(), s.digest(), s.sealedAt())));
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

    // ---------------------------------------------------------------- verify

    /** Recomputes the whole chain from the rows (from the archive where rows were pruned); names the first bad batch. */
    public ChainReports.Verified verify() {
        Instant started = Instant.now();
        String prev = GENESIS;
        long checked = 0;
        long rows = 0;
        long fromArchive = 0;
        Optional<ChainReports.Break> broken = Optional.empty();
        Map<Long, String> recomputed = new LinkedHashMap<>();
        long expectedAfter = 0;
        long lastSealed = 0;
        for (Seal s : seals("ORDER BY batch")) {
            lastSealed = s.lastId();
            if (broken.isPresent()) {
                continue;
            }
            if (s.batch() != checked + 1 || s.afterId() != expectedAfter) {
                broken = Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(), "the chain has a gap: batch "
                        + (checked + 1) + " covering ids after " + expectedAfter + " is missing or was altered"));
                continue;
            }
            if (!s.prevDigest().equals(prev)) {
                broken = Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(),
                        "the seal does not continue the chain (its previous digest was altered)"));
                continue;
            }
            SealedRows.Digest d;
            if (s.prunedAt() != null) {
                d = fromArchive(s);
                fromArchive++;
            } else {
                d = SealedRows.digest(jdbc, s.afterId(), s.lastId());
            }
            if (d.count() != s.rowCount()) {
                long diff = d.count() - s.rowCount();
                broken = Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(), (diff < 0 ? -diff + " row(s) deleted"
                        : diff + " row(s) inserted") + " since it was sealed (" + s.rowCount() + " sealed, " + d.count() + " now)"));
                continue;
            }
            if (!d.sha256().equals(s.rowsSha256())) {
                broken = Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(),
                        "row contents changed since it was sealed (same number of rows, different digest)"));
                continue;
            }
            String digest = chainDigest(prev, s.batch(), s.afterId(), s.lastId(), s.rowCount(), s.rowsSha256());
            if (!digest.equals(s.digest())) {
                broken = Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(), "the seal's digest was altered"));
                continue;
            }
            recomputed.put(s.batch(), digest);
            prev = digest;
            checked++;
            rows += s.rowCount();
            expectedAfter = s.lastId();
        }
        long unsealed = jdbc.sql("SELECT count(*) FROM audit_logs WHERE id > ?").param(lastSealed).query(Long.class).single();
        String head;
        Optional<ChainReports.Head> stored = storedHead();
        if (stored.isEmpty()) {
            head = recomputed.isEmpty() ? "no chain yet" : "no head in " + store.describe() + " yet";
        } else if (stored.get().digest().equals(recomputed.get(stored.get().batch()))) {
            head = "matches the head written to " + store.describe() + " (batch " + stored.get().batch() + ")";
        } else if (broken.isPresent() && stored.get().batch() >= broken.get().batch()) {
            head = "the head in " + store.describe() + " (batch " + stored.get().batch() + ") was sealed before the break";
        } else {
            head = "DIFFERS from the head written to " + store.describe() + " (batch " + stored.get().batch()
                    + "): the chain in the database was rewritten";
            if (broken.isEmpty()) {
                broken = Optional.of(new ChainReports.Break(stored.get().batch(), 0, stored.get().lastId(),
                        "the database's chain does not reach the digest stored outside it: history was rewritten and re-sealed"));
            }
        }
        ChainReports.Verified v = new ChainReports.Verified(broken.isEmpty(), checked, rows, broken, unsealed, head, fromArchive);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("batches", checked);
        details.put("rows", rows);
        details.put("unsealedRows", unsealed);
        details.put("head", head);
        broken.ifPresent(b -> details.put("firstBreak", Map.of("batch", b.batch(), "reason", b.reason(), "afterId", b.afterId(), "lastId", b.lastId())));
        operations.record("audit.verify", null, started, v.ok() ? RunOutcome.SUCCESS : RunOutcome.FAILED, details);
        return v;
    }

    private SealedRows.Digest fromArchive(Seal s) {
        if (s.archiveKey() == null) {
            return new SealedRows.Digest(-1, "the rows were pruned but never archived", null, null);
        }
        try (InputStream raw = store.open(s.archiveKey())) {
            byte[] gz = raw.readAllBytes();
            if (!sha256Hex(gz).equals(s.archiveSha256())) {
                return new SealedRows.Digest(-1, "archive object " + s.archiveKey() + " was altered", null, null);
            }
            return SealedRows.digestLines(new GZIPInputStream(new java.io.ByteArrayInputStream(gz)));
        } catch (IOException e) {
            return new SealedRows.Digest(-1, "archive object " + s.archiveKey() + " cannot be read: " + e.getMessage(), null, null);
        }
    }

    // ---------------------------------------------------------------- archive

    /** Sealed batches to the object store: gzipped JSON lines, one object per batch, checked against the seal. */
    public ChainReports.Archived archive() {
        Instant started = Instant.now();
        int batches = 0;
        long rows = 0;
        List<String> objects = new ArrayList<>();
        for (Seal s : seals("WHERE archive_key IS NULL ORDER BY batch")) {
            String key = "audit/archive/" + DAY.format(s.firstTs() == null ? s.sealedAt() : s.firstTs()) + "/"
                    + String.format("batch-%012d", s.batch()) + ".jsonl.gz";
            String gzSha;
            try (ObjectStore.Upload upload = store.upload(key)) {
                MessageDigest gzDigest = MessageDigest.getInstance("SHA-256");
                OutputStream counted = new java.security.DigestOutputStream(upload.stream(), gzDigest);
                SealedRows.Digest d;
                try (GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(counted), 1 << 16)) {
                    d = tx.execute(status -> SealedRows.writeLines(jdbc, s.afterId(), s.lastId(), gz));
                }
                if (d == null || d.count() != s.rowCount() || !d.sha256().equals(s.rowsSha256())) {
                    upload.abort();
                    throw new HoliException(HoliException.Kind.FAILED, "batch " + s.batch() + " (audit ids " + (s.afterId() + 1) + "-"
                            + s.lastId() + ") no longer matches its seal, so it was not archived: run `holi audit verify`");
                }
                upload.commit();
                gzSha = HexFormat.of().formatHex(gzDigest.digest());
                store.put(key.replace(".jsonl.gz", ".seal.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of(
                        "batch", s.batch(), "afterId", s.afterId(), "lastId", s.lastId(), "rowCount", s.rowCount(),
                        "rowsSha256", s.rowsSha256(), "prevDigest", s.prevDigest(), "digest", s.digest(), "objectSha256", gzSha,
                        "format", "v1: one JSON object per row, lines joined by \\n; rowsSha256 = SHA-256 of the lines joined by \\n")));
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                throw new HoliException(HoliException.Kind.UNAVAILABLE, "archiving batch " + s.batch() + " to " + store.describe()
                        + " failed (run again: it resumes): " + e.getMessage(), e);
            }
            jdbc.sql("UPDATE holi_ops.audit_seals SET archive_key = ?, archive_sha256 = ?, archived_at = now() WHERE batch = ?")
                    .params(key, gzSha, s.batch()).update();
            batches++;
            rows += s.rowCount();
            objects.add(key);
        }
        if (batches > 0) {
            operations.record("audit.archive", null, started, RunOutcome.SUCCESS, Map.of("batches", batches, "rows", rows));
        }
        return new ChainReports.Archived(batches, rows, objects);
    }

    /** An output stream whose close only flushes: the upload is committed, not closed, by its owner. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    // ---------------------------------------------------------------- prune

    /**
     * Drops monthly partitions older than {@code olderThan} whose every row is sealed, archived, and whose archive
     * objects are verified now; refuses the others and says why. Never deletes rows one by one.
     */
    public ChainReports.Pruned prune(Duration olderThan, boolean dryRun) {
        if (olderThan.compareTo(Duration.ofDays(30)) < 0) {
            throw HoliException.invalid("--older-than", "must be at least 30d: the database keeps at least a month of audit records");
        }
        Instant started = Instant.now();
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
            Instant upper = p.get("upper") instanceof Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) p.get("upper")).toInstant();
            if (upper.isAfter(cutoff)) {
                continue;
            }
            Map<String, Object> range = jdbc.sql("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM " + quote(name)).query().singleRow();
            long n = ((Number) range.get("n")).longValue();
            Optional<String> why = n == 0 ? Optional.empty() : pruneBlocker(((Number) range.get("lo")).longValue(), ((Number) range.get("hi")).longValue(), n);
            if (why.isPresent()) {
                refused.add(name + ": " + why.get());
                continue;
            }
            if (!dryRun) {
                tx.executeWithoutResult(status -> {
                    if (n > 0) {
                        jdbc.sql("UPDATE holi_ops.audit_seals SET pruned_at = now() WHERE last_id >= ? AND after_id < ?")
                                .params(((Number) range.get("lo")).longValue(), ((Number) range.get("hi")).longValue()).update();
                    }
                    jdbc.sql("DROP TABLE " + quote(name)).update();
                });
            }
            dropped.add(name + " (" + n + " rows, archived and verified)");
        }
        if (!dryRun) {
            operations.record("audit.prune", null, started, refused.isEmpty() ? RunOutcome.SUCCESS : RunOutcome.WARNING,
                    Map.of("dropped", dropped, "refused", refused, "olderThanDays", olderThan.toDays()));
        }
        return new ChainReports.Pruned(dropped, refused, dryRun);
    }

    private Optional<String> pruneBlocker(long lo, long hi, long rows) {
        long sealedUpTo = latest().map(Seal::lastId).orElse(0L);
        if (hi > sealedUpTo) {
            return Optional.of("rows up to id " + hi + " are not sealed yet (sealed up to " + sealedUpTo + "): run holi audit seal");
        }
        List<Seal> covering = seals("WHERE last_id >= ? AND after_id < ? ORDER BY batch", lo, hi);
        long unarchived = covering.stream().filter(s -> s.archiveKey() == null).count();
        if (unarchived > 0) {
            return Optional.of(unarchived + " of its " + covering.size() + " sealed batches are not archived: run holi audit archive");
        }
        for (Seal s : covering) {
            SealedRows.Digest d = fromArchive(s);
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
