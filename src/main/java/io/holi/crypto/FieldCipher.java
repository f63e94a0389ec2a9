package io.holi.crypto;

import io.holi.platform.HoliException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * AES-256-GCM for PHI fields. A value is {@code 0x01 | key version (2 bytes) | nonce (12) | ciphertext+tag}, and
 * its additional data binds it to its table, column and row, so a ciphertext copied into another row or
 * column does not decrypt.
 */
public final class FieldCipher {

    public static final byte FORMAT = 0x01;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keyring keys;
    /** Looking a cipher up in the providers costs more than using it; each thread keeps its own. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    public FieldCipher(Keyring keys) {
        this.keys = keys;
    }

    public byte[] encrypt(String plaintext, EncryptedColumn column, UUID rowId) {
        if (plaintext == null) {
            return null;
        }
        return encrypt(plaintext, column, rowId, keys.activeVersion(), keys.activeKey());
    }

    byte[] encrypt(String plaintext, EncryptedColumn column, UUID rowId, int version, SecretKey key) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(column, rowId));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(3 + NONCE + sealed.length)
                    .put(FORMAT).putShort((short) version).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new HoliException(HoliException.Kind.FAILED, "encryption failed", e);
        }
    }

    public String decrypt(byte[] value, EncryptedColumn column, UUID rowId) {
        if (value == null) {
            return null;
        }
        if (value.length < 3 + NONCE + 16 || value[0] != FORMAT) {
            throw new HoliException(HoliException.Kind.FAILED, column + " of " + rowId + " does not hold holi ciphertext");
        }
        int version = versionOf(value);
        SecretKey key = keys.key(version).orElseThrow(() -> new HoliException(HoliException.Kind.FAILED,
                column + " of " + rowId + " is encrypted with key version " + version + ", which is not configured "
                        + "(HOLI_ENCRYPTION_KEYS)"));
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, 3, NONCE));
            cipher.updateAAD(aad(column, rowId));
            byte[] plain = cipher.doFinal(value, 3 + NONCE, value.length - 3 - NONCE);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new HoliException(HoliException.Kind.FAILED, column + " of " + rowId
                    + " could not be decrypted: the key for version " + version + " is wrong or the value was altered", e);
        }
    }

    public static int versionOf(byte[] value) {
        return ((value[1] & 0xff) << 8) | (value[2] & 0xff);
    }

    private static byte[] aad(EncryptedColumn column, UUID rowId) {
        return (column.table() + "." + column.column() + ":" + rowId).getBytes(StandardCharsets.UTF_8);
    }

    /** Re-encrypts under the active key (key rotation); the additional data stays the same. */
    public byte[] reencrypt(byte[] value, EncryptedColumn column, UUID rowId) {
        return encrypt(decrypt(value, column, rowId), column, rowId);
    }
}
