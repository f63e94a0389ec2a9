package io.holi.audit.internal;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical form of an audit row (format v1) and its digests. The same JSON text is hashed when a batch is
 * sealed, when it is verified, and is what the archive holds, so an archived batch verifies without the database.
 * The SQL lives here, in holi's code, not in a database function a superuser could redefine.
 */
public final class SealedRows {

    /** One row as one line of JSON: explicit columns, UTC timestamps with microseconds. */
    public static final String ROW_JSON = """
            json_build_object('id', id,
                              'timestamp', to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                              'user_id', user_id, 'user_email', user_email, 'role', role, 'action', action,
                              'resource', resource, 'resource_id', resource_id, 'patient_id', patient_id,
                              'ip_address', host(ip_address), 'user_agent', user_agent, 'request_id', request_id,
                              'outcome', outcome, 'details', details)::text""";

    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** @param count -1 when the rows could not be read (sha256 then says why) */
    public record Digest(long count, String sha256, Instant first, Instant last) {
    }

    private SealedRows() {
    }

    /** Count and SHA-256 of the rows after {@code afterId} up to {@code lastId}, lines joined by '\n'. */
    public static Digest digest(JdbcClient jdbc, long afterId, long lastId) {
        return jdbc.sql("SELECT count(*), encode(sha256(convert_to(string_agg(" + ROW_JSON + ", E'\\n' ORDER BY id), 'UTF8')), 'hex'), "
                        + "min(\"timestamp\"), max(\"timestamp\") FROM audit_logs WHERE id > ? AND id <= ?")
                .params(afterId, lastId)
                .query((rs, i) -> new Digest(rs.getLong(1), rs.getString(2) == null ? EMPTY_SHA256 : rs.getString(2),
                        instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))))
                .single();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Streams the rows as JSON lines into {@code out} (call inside a transaction: the rows come through a cursor). */
    public static Digest writeLines(JdbcClient jdbc, long afterId, long lastId, OutputStream out) {
        MessageDigest sha = sha256();
        long[] count = {0};
        jdbc.sql("SELECT " + ROW_JSON + " FROM audit_logs WHERE id > ? AND id <= ? ORDER BY id")
                .withFetchSize(2000)
                .params(afterId, lastId)
                .query(rs -> {
                    byte[] line = rs.getString(1).getBytes(StandardCharsets.UTF_8);
                    try {
                        if (count[0] > 0) {
                            sha.update((byte) '\n');
                        }
                        sha.update(line);
                        out.write(line);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                });
        return new Digest(count[0], count[0] == 0 ? EMPTY_SHA256 : HexFormat.of().formatHex(sha.digest()), null, null);
    }

    /** The digest of an archived batch, read back from its JSON lines. */
    public static Digest digestLines(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        long count = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (count > 0) {
                    sha.update((byte) '\n');
                }
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                count++;
            }
        }
        return new Digest(count, count == 0 ? EMPTY_SHA256 : HexFormat.of().formatHex(sha.digest()), null, null);
    }

    /**
     * Waits until every transaction of the service's sessions that was open at {@code ceilingReadAt} has ended: only
     * such a transaction could still add a row with an id below the ceiling. False if one is still open at the deadline.
     */
    public static boolean awaitOlderTransactions(JdbcClient jdbc, Timestamp ceilingReadAt, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        while (true) {
            long open = jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                       AND xact_start IS NOT NULL AND xact_start <= ?
                       AND coalesce(application_name, '') NOT IN ('holi-job-lock', 'holi-backup', 'pg_dump')""")
                    .param(ceilingReadAt).query(Long.class).single();
            if (open == 0) {
                return true;
            }
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
