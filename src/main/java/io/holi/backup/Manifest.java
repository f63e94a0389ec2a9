package io.holi.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup is, written beside it once it is complete: a backup without a manifest is not a backup.
 * Enough to check it (checksums, sizes) and to restore it with stock tools ({@code format}).
 */
public record Manifest(String id, String object, String format, String restoreWithStockTools,
                       String ciphertextSha256, long ciphertextBytes, String plaintextSha256, long plaintextBytes,
                       List<String> recipients, String database, String postgresVersion, String schemaVersion,
                       Map<String, Long> rowCounts, long auditMaxId, List<String> extensions,
                       Instant startedAt, Instant finishedAt, double durationSeconds, Map<String, String> tools, String kind) {

    /** Where {@code holi backup verify} leaves its latest verdict on this backup, beside it. */
    public static String verificationKeyOf(String id) {
        return datePath(id) + id + ".verify.json";
    }

    public static String keyOf(String id) {
        return datePath(id) + id + ".manifest.json";
    }

    public static String objectOf(String id) {
        return datePath(id) + id + ".dump.enc";
    }

    /** {@code backup-20260101-020000} → {@code 2026/01/01/}. */
    public static String datePath(String id) {
        String stamp = id.substring(id.indexOf('-') + 1);
        return stamp.substring(0, 4) + "/" + stamp.substring(4, 6) + "/" + stamp.substring(6, 8) + "/";
    }
}
