package io.holi.identity.internal;

import io.holi.identity.IdentityProperties;
import io.holi.platform.DataDirectory;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HMAC keys for access tokens. JWT_SECRET is required with an external database; the embedded default
 * generates one into the data directory (mode 0600) and says so loudly.
 */
record JwtKeys(SecretKey current, Optional<SecretKey> previous) {

    private static final Logger log = LoggerFactory.getLogger(JwtKeys.class);
    static final int MIN_BYTES = 32;

    static JwtKeys load(IdentityProperties identity, HoliProperties holi, HoliDatabase database) {
        String secret = identity.jwtSecret();
        if (secret == null || secret.isBlank()) {
            if (database.mode() == HoliDatabase.Mode.EXTERNAL) {
                throw new IllegalStateException("JWT_SECRET is not set. With an external database (DATABASE_URL) the "
                        + "token-signing key must be given explicitly: generate one with `openssl rand -base64 48` "
                        + "and keep it in your secrets manager.");
            }
            DataDirectory dir = new DataDirectory(holi.dataDir());
            boolean fresh = dir.existingSecret("jwt-secret").isEmpty();
            secret = dir.secret("jwt-secret", 48);
            if (fresh) {
                log.warn("JWT_SECRET is not set: generated a token-signing key in {} (mode 0600). "
                        + "Fine for trying holi out; in production set JWT_SECRET.", dir.resolve("secrets/jwt-secret"));
            }
        }
        return new JwtKeys(key("JWT_SECRET", secret), Optional.ofNullable(identity.jwtSecretPrevious())
                .filter(s -> !s.isBlank()).map(s -> key("JWT_SECRET_PREVIOUS", s)));
    }

    private static SecretKey key(String name, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException(name + " is " + bytes.length + " bytes long; it must be at least " + MIN_BYTES
                    + " bytes (generate one with `openssl rand -base64 48`)");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
