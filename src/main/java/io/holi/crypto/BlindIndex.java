package io.holi.crypto;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Optional;

/**
 * HMAC-SHA256 "blind indexes": equal normalised values give equal indexes, so encrypted fields can be
 * searched by exact match without the database ever seeing the values.
 */
public final class BlindIndex {

    public enum Kind { EMAIL, PHONE, NATIONAL_ID }

    private final Keyring keys;

    public BlindIndex(Keyring keys) {
        this.keys = keys;
    }

    /** The index of the value, or empty when the value normalises to nothing. */
    public Optional<byte[]> of(Kind kind, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = normalize(kind, value);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.blindIndexKey());
            return Optional.of(mac.doFinal((kind.name() + ":" + normalized).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public byte[] orNull(Kind kind, String value) {
        return of(kind, value).orElse(null);
    }

    static String normalize(Kind kind, String value) {
        String v = value.strip();
        return switch (kind) {
            case EMAIL -> v.toLowerCase(Locale.ROOT);
            case PHONE -> v.replaceAll("[^0-9]", "");
            case NATIONAL_ID -> v.toUpperCase(Locale.ROOT).replaceAll("[^0-9A-Z]", "");
        };
    }
}
