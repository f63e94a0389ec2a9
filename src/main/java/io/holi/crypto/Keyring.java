package io.holi.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The configured keys: field-encryption keys by version, the active version, and the blind-index key. */
public final class Keyring {

    private final SortedMap<Integer, SecretKey> fieldKeys;
    private final int active;
    private final SecretKey blindIndexKey;

    public Keyring(Map<Integer, SecretKey> fieldKeys, int active, SecretKey blindIndexKey) {
        if (!fieldKeys.containsKey(active)) {
            throw new IllegalStateException("the active encryption key version " + active + " is not among the configured versions "
                    + fieldKeys.keySet());
        }
        this.fieldKeys = new TreeMap<>(fieldKeys);
        this.active = active;
        this.blindIndexKey = blindIndexKey;
    }

    /**
     * Reads the keys from their variables.
     *
     * @throws IllegalStateException naming the variable that is missing or malformed
     */
    public static Keyring from(CryptoProperties p) {
        Map<Integer, SecretKey> keys = new TreeMap<>();
        if (p.encryptionKeys() != null && !p.encryptionKeys().isBlank()) {
            for (String entry : p.encryptionKeys().split(",")) {
                String e = entry.strip();
                int colon = e.indexOf(':');
                if (colon < 1) {
                    throw new IllegalStateException("HOLI_ENCRYPTION_KEYS must look like 1:<key>,2:<key> (versions and "
                            + "base64 keys); an entry has no version");
                }
                int version;
                try {
                    version = Integer.parseInt(e.substring(0, colon).strip());
                } catch (NumberFormatException ex) {
                    throw new IllegalStateException("HOLI_ENCRYPTION_KEYS: '" + e.substring(0, colon) + "' is not a version number");
                }
                if (version < 1 || version > 65535) {
                    throw new IllegalStateException("HOLI_ENCRYPTION_KEYS: versions go from 1 to 65535");
                }
                keys.put(version, aesKey("HOLI_ENCRYPTION_KEYS (version " + version + ")", e.substring(colon + 1)));
            }
        } else if (p.encryptionKey() != null && !p.encryptionKey().isBlank()) {
            keys.put(1, aesKey("ENCRYPTION_KEY", p.encryptionKey()));
        } else {
            throw new IllegalStateException("ENCRYPTION_KEY is not set: PHI cannot be encrypted, so holi will not start. "
                    + "Generate one with `openssl rand -base64 32` and keep it in your secrets manager.");
        }
        if (p.blindIndexKey() == null || p.blindIndexKey().isBlank()) {
            throw new IllegalStateException("HOLI_BLIND_INDEX_KEY is not set: exact-match search on encrypted fields needs "
                    + "its own key. Generate one with `openssl rand -base64 32` and never change it without reindexing.");
        }
        int active = p.activeVersion() != null ? p.activeVersion() : ((TreeMap<Integer, SecretKey>) keys).lastKey();
        return new Keyring(keys, active, hmacKey("HOLI_BLIND_INDEX_KEY", p.blindIndexKey()));
    }

    static SecretKey aesKey(String name, String text) {
        return new SecretKeySpec(decode(name, text), "AES");
    }

    static SecretKey hmacKey(String name, String text) {
        return new SecretKeySpec(decode(name, text), "HmacSHA256");
    }

    private static byte[] decode(String name, String text) {
        String t = text.strip();
        byte[] bytes = null;
        if (t.matches("[0-9a-fA-F]{64}")) {
            bytes = HexFormat.of().parseHex(t);
        } else {
            try {
                bytes = t.contains("-") || t.contains("_") ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        if (bytes == null || bytes.length != 32) {
            throw new IllegalStateException(name + " must be 32 random bytes, base64- or hex-encoded "
                    + "(generate one with `openssl rand -base64 32`)");
        }
        return bytes;
    }

    public int activeVersion() {
        return active;
    }

    public SecretKey activeKey() {
        return fieldKeys.get(active);
    }

    public Optional<SecretKey> key(int version) {
        return Optional.ofNullable(fieldKeys.get(version));
    }

    public SortedMap<Integer, SecretKey> fieldKeys() {
        return java.util.Collections.unmodifiableSortedMap(fieldKeys);
    }

    public SecretKey blindIndexKey() {
        return blindIndexKey;
    }
}
