package io.holi.audit.internal;

import org.springframework.jdbc.core.RowCallbackHandler;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.BiConsumer;

/**
 * The canonical forms of an audit row and their digests. The same text is hashed when a batch is sealed, when it
 * is verified, and is what the archive holds, so an archived batch verifies without the database. Each seal names
 * its format, so a chain sealed in v1 still verifies after v2 became the format new batches are sealed in:
 * <ul>
 * <li>{@code v1}: one JSON object per row, built by PostgreSQL ({@code json_build_object}); about 23 µs of
 *     database time per row, which at a few thousand audited reads a second competed with the reads themselves.</li>
 * <li>{@code v2}: one line per row, the columns of {@link #V2_COLUMNS} in that order, separated by tabs; NULL as
 *     {@code \N}; backslash, tab, newline and carriage return escaped as {@code \\ \t \n \r} (PostgreSQL's
 *     COPY text format); the timestamp in UTC with microseconds ({@code 2026-12-02T19:40:00.123456Z}); details as
 *     PostgreSQL prints jsonb (its canonical text). The database only reads the columns; holi writes the line.</li>
 * </ul>
 * The SQL lives here, in holi's code, not in a database function a superuser could redefine.
 */
public final class SealedRows {

    /** The columns of a v2 line, in order. */
    private static final String V2_COLUMNS = "id, \"timestamp\", user_id, user_email, role, action, resource, resource_id, "
            + "patient_id, host(ip_address), user_agent, request_id, outcome, details";

    /** Rows read per statement when hashing v2 (bounded memory without a cursor). */
    private static final int V2_CHUNK = 5_000;

    private static final DateTimeFormatter V2_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** One row as one line of JSON: explicit columns, UTC timestamps with microseconds (format v1). */
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

    /** Count and SHA-256 of the rows after {@code afterId} up to {@code lastId} in {@code format}, lines joined by '\n'. */
    public static Digest digest(JdbcClient jdbc, SealFormat format, long afterId, long lastId) {
        if (format == SealFormat.V1) {
            return digestV1(jdbc, afterId, lastId);
        }
        Hasher h = new Hasher(null);
        forEachV2Line(jdbc, afterId, lastId, h);
        return h.digest();
    }

    /** One audit row as its v2 line (see the class comment); {@code values} in {@link #V2_COLUMNS} order, nulls allowed. */
    public static String v2Line(long id, Instant timestamp, String... values) {
        StringBuilder b = new StringBuilder(256).append(id).append('\t');
        appendTimestamp(b, timestamp);
        for (String v : values) {
            b.append('\t');
            if (v == null) {
                b.append("\\N");
                continue;
            }
            // the runs between escaped characters in one append each: the seal writes millions of these lines
            int run = 0;
            for (int i = 0; i < v.length(); i++) {
                String escaped = switch (v.charAt(i)) {
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    default -> null;
                };
                if (escaped != null) {
                    b.append(v, run, i).append(escaped);
                    run = i + 1;
                }
            }
            b.append(v, run, v.length());
        }
        return b.toString();
    }

    /** The first second of year 0 and of year 10000: between them {@link #V2_TIMESTAMP} writes four-digit years. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    /** What {@link #V2_TIMESTAMP} writes, without its general formatting machinery for the years it is usually given. */
    static void appendTimestamp(StringBuilder b, Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            b.append(V2_TIMESTAMP.format(t));
            return;
        }
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        digits(b, d.getYear(), 4).append('-');
        digits(b, d.getMonthValue(), 2).append('-');
        digits(b, d.getDayOfMonth(), 2).append('T');
        digits(b, d.getHour(), 2).append(':');
        digits(b, d.getMinute(), 2).append(':');
        digits(b, d.getSecond(), 2).append('.');
        digits(b, t.getNano() / 1000, 6).append('Z');
    }

    private static final int[] UNITS = {1, 10, 100, 1_000, 10_000, 100_000};

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int unit = UNITS[width - 1]; unit > 0; unit /= 10) {
            b.append((char) ('0' + value / unit % 10));
        }
        return b;
    }

    /** The v2 lines of the rows in (afterId, lastId], in id order, a chunk of rows per statement. */
    private static void forEachV2Line(JdbcClient jdbc, long afterId, long lastId, BiConsumer<String, Instant> line) {
        long from = afterId;
        while (from < lastId) {
            long[] last = {-1};
            jdbc.sql("SELECT " + V2_COLUMNS + " FROM audit_logs WHERE id > ? AND id <= ? ORDER BY id LIMIT " + V2_CHUNK)
                    .params(from, lastId)
                    .query(rs -> {
                        long id = rs.getLong(1);
                        Instant ts = rs.getObject(2, OffsetDateTime.class).toInstant();
                        String[] values = new String[12];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = rs.getString(i + 3);
                        }
                        line.accept(v2Line(id, ts, values), ts);
                        last[0] = id;
                    });
            if (last[0] < 0) {
                return;
            }
            from = last[0];
        }
    }

    /** SHA-256 over lines joined by '\n' (optionally writing each line, '\n'-terminated), with count and time span. */
    private static final class Hasher implements BiConsumer<String, Instant> {
        private final MessageDigest sha = sha256();
        private final OutputStream out;
        private long count;
        private Instant first;
        private Instant last;

        Hasher(OutputStream out) {
            this.out = out;
        }

        @Override
        public void accept(String line, Instant ts) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (count > 0) {
                sha.update((byte) '\n');
            }
            sha.update(bytes);
            if (out != null) {
                try {
                    out.write(bytes);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            count++;
            if (ts != null) {
                first = first == null || ts.isBefore(first) ? ts : first;
                last = last == null || ts.isAfter(last) ? ts : last;
            }
        }

        Digest digest() {
            return new Digest(count, count == 0 ? EMPTY_SHA256 : HexFormat.of().formatHex(sha.digest()), first, last);
        }
    }

    private static Digest digestV1(JdbcClient jdbc, long afterId, long lastId) {
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

    /**
     * Streams the rows as lines of {@code format} into {@code out} (call inside a transaction: v1 rows come through a
     * cursor); their digest.
     */
    public static Digest writeLines(JdbcClient jdbc, SealFormat format, long afterId, long lastId, OutputStream out) {
        Hasher h = new Hasher(out);
        if (format == SealFormat.V2) {
            forEachV2Line(jdbc, afterId, lastId, h);
            return h.digest();
        }
        jdbc.sql("SELECT " + ROW_JSON + " FROM audit_logs WHERE id > ? AND id <= ? ORDER BY id")
                .withFetchSize(2000)
                .params(afterId, lastId)
                .query((RowCallbackHandler) rs -> h.accept(rs.getString(1), null));
        return h.digest();
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
