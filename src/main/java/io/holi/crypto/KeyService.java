package io.holi.crypto;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Key bookkeeping: the database keeps a check value for every key version ever used (never the key), so a
 * start with a wrong or missing key is refused before any value is read or written; {@link #status()} counts
 * values per version; {@link #rotate} re-encrypts everything onto the active version while the service runs.
 */
@Service
public class KeyService {

    private static final Logger log = LoggerFactory.getLogger(KeyService.class);
    private static final String FIELD = "field";
    private static final String BLIND = "blind-index";

    public record VersionCount(int version, String state, long values, Instant registeredAt) {
    }

    public record ColumnCount(String column, Map<Integer, Long> valuesByVersion) {
    }

    public record Status(int activeVersion, List<VersionCount> versions, List<ColumnCount> columns) {
        public long valuesNotOnActive() {
            return columns.stream().flatMap(c -> c.valuesByVersion().entrySet().stream())
                    .filter(e -> e.getKey() != activeVersion).mapToLong(Map.Entry::getValue).sum();
        }
    }

    public record RotationResult(long reencrypted, long skippedConcurrentlyChanged, List<Integer> retiredVersions) {
    }

    private final Keyring keys;
    private final FieldCipher cipher;
    private final List<EncryptedColumn> columns;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;

    KeyService(Keyring keys, FieldCipher cipher, List<EncryptedColumn> columns, JdbcClient jdbc,
               PlatformTransactionManager transactions, AuditTrail audit) {
        this.keys = keys;
        this.cipher = cipher;
        this.columns = List.copyOf(columns);
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        verifyAndRegister();
    }

    /** Refuses to go on with a wrong key, or without a key that stored values may still need. */
    private void verifyAndRegister() {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        Map<String, Boolean> retired = new LinkedHashMap<>();
        jdbc.sql("SELECT purpose, version, check_value, retired_at IS NOT NULL AS retired FROM crypto_keys")
                .query(rs -> {
                    String k = rs.getString(1) + ":" + rs.getInt(2);
                    stored.put(k, rs.getBytes(3));
                    retired.put(k, rs.getBoolean(4));
                });
        for (var e : stored.entrySet()) {
            String[] parts = e.getKey().split(":");
            int version = Integer.parseInt(parts[1]);
            Optional<SecretKey> configured = parts[0].equals(FIELD) ? keys.key(version)
                    : version == 1 ? Optional.of(keys.blindIndexKey()) : Optional.empty();
            if (configured.isEmpty()) {
                if (parts[0].equals(FIELD) && !retired.get(e.getKey())) {
                    throw new IllegalStateException("Encryption key version " + version + " is missing: values may still be "
                            + "encrypted with it. Add it to HOLI_ENCRYPTION_KEYS (e.g. " + version + ":<key>,"
                            + keys.activeVersion() + ":<key>); once `holi keys rotate` has moved every value off it, it may go.");
                }
                continue;
            }
            if (!MessageDigest.isEqual(checkValue(configured.get()), e.getValue())) {
                String which = parts[0].equals(FIELD) ? "encryption key version " + version : "HOLI_BLIND_INDEX_KEY";
                throw new IllegalStateException("The " + which + " is not the key this database's values were written with. "
                        + "holi will not start with it: it would be unable to read, or would corrupt, the encrypted PHI.");
            }
        }
        keys.fieldKeys().forEach((version, key) -> register(FIELD, version, key, stored));
        register(BLIND, 1, keys.blindIndexKey(), stored);
    }

    private void register(String purpose, int version, SecretKey key, Map<String, byte[]> stored) {
        if (!stored.containsKey(purpose + ":" + version)) {
            jdbc.sql("INSERT INTO crypto_keys (purpose, version, check_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(purpose, version, checkValue(key)).update();
        }
    }

    /** An HMAC of a fixed text: proves which key it is without revealing anything about it. */
    static byte[] checkValue(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal("holi key check v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Status status() {
        List<ColumnCount> perColumn = new ArrayList<>();
        Map<Integer, Long> totals = new TreeMap<>();
        for (EncryptedColumn c : columns) {
            Map<Integer, Long> counts = new TreeMap<>();
            jdbc.sql("SELECT (get_byte(" + c.column() + ", 1) << 8) | get_byte(" + c.column() + ", 2) AS v, count(*) FROM "
                    + c.table() + " WHERE " + c.column() + " IS NOT NULL GROUP BY 1").query(rs -> {
                counts.put(rs.getInt(1), rs.getLong(2));
            });
            counts.forEach((v, n) -> totals.merge(v, n, Long::sum));
            perColumn.add(new ColumnCount(c.toString(), counts));
        }
        List<VersionCount> versions = new ArrayList<>();
        jdbc.sql("SELECT version, retired_at IS NOT NULL, registered_at FROM crypto_keys WHERE purpose = ? ORDER BY version")
                .param(FIELD).query(rs -> {
                    int v = rs.getInt(1);
                    String state = v == keys.activeVersion() ? "active" : rs.getBoolean(2) ? "retired"
                            : keys.key(v).isPresent() ? "decrypt-only" : "missing";
                    versions.add(new VersionCount(v, state, totals.getOrDefault(v, 0L), rs.getTimestamp(3).toInstant()));
                });
        return new Status(keys.activeVersion(), versions, perColumn);
    }

    /**
     * Re-encrypts every value not on the active key, in batches of its own transactions. Safe to run while the
     * service serves requests (both versions stay readable throughout) and to interrupt: a second run picks up
     * what is left. A value changed by a request meanwhile is left alone (it is on the active key already).
     */
    public RotationResult rotate(int batchSize, Consumer<String> progress) {
        int active = keys.activeVersion();
        long done = 0;
        long skipped = 0;
        for (EncryptedColumn c : columns) {
            UUID after = new UUID(0, 0); // PostgreSQL orders uuids by their bytes, unsigned
            long columnDone = 0;
            while (true) {
                UUID from = after;
                List<Map.Entry<UUID, byte[]>> batch = jdbc.sql("SELECT id, " + c.column() + " FROM " + c.table()
                                + " WHERE id > ? AND " + c.column() + " IS NOT NULL AND ((get_byte(" + c.column() + ", 1) << 8) | get_byte("
                                + c.column() + ", 2)) <> ? ORDER BY id LIMIT ?")
                        .params(from, active, batchSize)
                        .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getBytes(2))).list();
                if (batch.isEmpty()) {
                    break;
                }
                long[] counts = tx.execute(s -> {
                    // lets the immutability trigger of legal records accept a same-text re-encryption
                    jdbc.sql("SELECT set_config('holi.key_rotation', 'on', true)").query().singleValue();
                    long changed = 0;
                    long raced = 0;
                    for (var row : batch) {
                        byte[] fresh = cipher.reencrypt(row.getValue(), c, row.getKey());
                        int n = jdbc.sql("UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE id = ? AND " + c.column() + " = ?")
                                .params(fresh, row.getKey(), row.getValue()).update();
                        if (n == 1) {
                            changed++;
                        } else {
                            raced++;
                        }
                    }
                    return new long[]{changed, raced};
                });
                done += counts[0];
                skipped += counts[1];
                columnDone += counts[0];
                after = batch.get(batch.size() - 1).getKey();
                progress.accept(c + ": " + columnDone + " re-encrypted so far");
            }
        }
        List<Integer> retired = retireUnusedVersions();
        audit.record(AuditEvent.of(AuditAction.OPERATION).resource("EncryptionKey")
                .detail("operation", "keys.rotate").detail("activeVersion", active)
                .detail("reencrypted", done).detail("retiredVersions", retired).build());
        log.info("Key rotation: {} values re-encrypted onto version {}, retired versions {}", done, active, retired);
        return new RotationResult(done, skipped, retired);
    }

    /** Versions with no value left are marked retired: they may then be removed from the configuration. */
    private List<Integer> retireUnusedVersions() {
        Status s = status();
        List<Integer> retired = new ArrayList<>();
        for (VersionCount v : s.versions()) {
            if (v.version() != s.activeVersion() && v.values() == 0 && !v.state().equals("retired")) {
                jdbc.sql("UPDATE crypto_keys SET retired_at = now() WHERE purpose = ? AND version = ?")
                        .params(FIELD, v.version()).update();
                retired.add(v.version());
            }
        }
        return retired;
    }

    public int activeVersion() {
        return keys.activeVersion();
    }
}
