package io.holi.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param encryptionKey  ENCRYPTION_KEY: the field-encryption key (32 bytes, base64 or hex), version 1
 * @param encryptionKeys HOLI_ENCRYPTION_KEYS: a versioned set during rotation, e.g. {@code 1:<key>,2:<key>};
 *                       when given it replaces ENCRYPTION_KEY, and its highest version encrypts new values
 * @param activeVersion  HOLI_ENCRYPTION_ACTIVE_VERSION: encrypt new values with this version instead of the highest
 * @param blindIndexKey  HOLI_BLIND_INDEX_KEY: the HMAC key of the blind indexes (exact-match search on encrypted
 *                       fields); separate from the encryption keys so that rotating those never touches it
 */
@ConfigurationProperties("holi.crypto")
public record CryptoProperties(String encryptionKey, String encryptionKeys, Integer activeVersion, String blindIndexKey) {

    @Override
    public String toString() {
        return "CryptoProperties[activeVersion=" + activeVersion + "]";
    }
}
