package io.holi.audit.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The hash chain's seals ({@code holi_ops.audit_seals}): one row per batch of sealed audit records. */
@Repository
public class Seals {

    /** One sealed batch: the ids it covers, their digest, the chain's digest up to it, where it was archived. */
    public record Seal(long batch, long afterId, long lastId, long rowCount, String rowsSha256, String prevDigest, String digest,
                       Instant firstTs, Instant lastTs, Instant sealedAt, String archiveKey, String archiveSha256, Instant prunedAt,
                       SealFormat format) {
    }

    private final JdbcClient jdbc;

    Seals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private List<Seal> where(String where, Object... params) {
        return jdbc.sql("SELECT * FROM holi_ops.audit_seals " + where).params(params).query((rs, i) -> new Seal(
                rs.getLong("batch"), rs.getLong("after_id"), rs.getLong("last_id"), rs.getLong("row_count"),
                rs.getString("rows_sha256"), rs.getString("prev_digest"), rs.getString("digest"),
                instant(rs.getTimestamp("first_ts")), instant(rs.getTimestamp("last_ts")), instant(rs.getTimestamp("sealed_at")),
                rs.getString("archive_key"), rs.getString("archive_sha256"), instant(rs.getTimestamp("pruned_at")),
                SealFormat.of(rs.getString("format")))).list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    public List<Seal> all() {
        return where("ORDER BY batch");
    }

    public Optional<Seal> latest() {
        return where("ORDER BY batch DESC LIMIT 1").stream().findFirst();
    }

    public List<Seal> unarchived() {
        return where("WHERE archive_key IS NULL ORDER BY batch");
    }

    public List<Seal> covering(long lo, long hi) {
        return where("WHERE last_id >= ? AND after_id < ? ORDER BY batch", lo, hi);
    }

    /** Inserts a seal unless another instance sealed that batch first; whether this one did. */
    public boolean insert(long batch, long afterId, long lastId, SealedRows.Digest d, String prev, String digest, SealFormat format) {
        return jdbc.sql("""
                        INSERT INTO holi_ops.audit_seals (batch, after_id, last_id, row_count, rows_sha256, prev_digest, digest, format, first_ts, last_ts)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch) DO NOTHING""")
                .params(batch, afterId, lastId, d.count(), d.sha256(), prev, digest, format.label(),
                        d.first() == null ? null : Timestamp.from(d.first()), d.last() == null ? null : Timestamp.from(d.last()))
                .update() == 1;
    }

    public void archived(long batch, String key, String sha256) {
        jdbc.sql("UPDATE holi_ops.audit_seals SET archive_key = ?, archive_sha256 = ?, archived_at = now() WHERE batch = ?")
                .params(key, sha256, batch).update();
    }

    public void pruned(long lo, long hi) {
        jdbc.sql("UPDATE holi_ops.audit_seals SET pruned_at = now() WHERE last_id >= ? AND after_id < ?").params(lo, hi).update();
    }
}
