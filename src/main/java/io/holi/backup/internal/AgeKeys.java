package io.holi.backup.internal;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.holi.platform.HoliException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Backup keys in the age format (X25519): the stock {@code age} tool decrypts what holi writes. A server given only
 * recipients (public keys) can write backups but never read them back.
 */
public final class AgeKeys {

    private final List<String> recipients;
    private final Optional<String> identity;

    private AgeKeys(List<String> recipients, Optional<String> identity) {
        this.recipients = List.copyOf(recipients);
        this.identity = identity;
    }

    /**
     * @param key BACKUP_ENCRYPTION_KEY: an identity, or recipients separated by commas
     */
    public static AgeKeys parse(String key) {
        if (key == null || key.isBlank()) {
            throw new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY is not set: backups are never written "
                    + "unencrypted. Generate a key with `holi backup keygen` (or `age-keygen`) and keep the secret key "
                    + "where you would keep the backups' only way back.");
        }
        // the contents of an age-keygen file work too: comment lines are skipped
        String k = String.join("\n", key.strip().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        if (k.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-1")) {
            String id = k.lines().findFirst().orElse(k).strip();
            return new AgeKeys(List.of(recipientOf(id)), Optional.of(id));
        }
        List<String> list = new ArrayList<>();
        for (String r : k.split("[,\\s]+")) {
            if (!r.startsWith("age1")) {
                throw new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY must be an age secret key "
                        + "(AGE-SECRET-KEY-1…) or age recipients (age1…, comma-separated)");
            }
            list.add(r);
        }
        return new AgeKeys(list, Optional.empty());
    }

    /** The public key of an identity: X25519 scalar multiplication of the base point, bech32 as age writes it. */
    static String recipientOf(String identity) {
        try {
            byte[] scalar = Bech32.getDecoder().decode(identity.toLowerCase(Locale.ROOT)).getData();
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            g.initialize(NamedParameterSpec.X25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(scalar, 0, bytes, 0, bytes.length);
                }
            });
            BigInteger u = ((XECPublicKey) g.generateKeyPair().getPublic()).getU();
            byte[] be = u.toByteArray();
            byte[] le = new byte[32];
            for (int i = 0; i < 32 && i < be.length; i++) {
                le[i] = be[be.length - 1 - i];
            }
            return Bech32.getEncoder().encode("age", le).toString();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY is not a valid age secret key", e);
        }
    }

    /** A new identity, and its recipient: what {@code age-keygen} prints. */
    public static String[] generate() {
        try {
            KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
            return new String[]{kp.getPrivate().toString(), kp.getPublic().toString()};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> recipients() {
        return recipients;
    }

    public boolean canDecrypt() {
        return identity.isPresent();
    }

    /** Encrypts everything written to the returned stream into {@code out}; closing it finishes the age stream. */
    public OutputStream encrypt(OutputStream out) throws IOException {
        try {
            List<RecipientStanzaWriter> writers = new ArrayList<>();
            for (String r : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
            }
            return Channels.newOutputStream(new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(out), writers));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start age encryption: " + e.getMessage(), e);
        }
    }

    /** Fails unless this key can read backups (an identity, not only recipients). */
    public String requireIdentity(String what) {
        return identity.orElseThrow(() -> new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY holds "
                + "only recipients (public keys): this server can write backups but not read " + what
                + ". Run this where the secret key (AGE-SECRET-KEY-1…) is configured."));
    }

    public InputStream decrypt(InputStream in, String what) throws IOException {
        String id = requireIdentity(what);
        try {
            RecipientStanzaReader reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(id);
            return Channels.newInputStream(new StandardDecryptingChannelFactory()
                    .newDecryptingChannel(Channels.newChannel(in), List.of(reader)));
        } catch (GeneralSecurityException e) {
            throw new HoliException(HoliException.Kind.FAILED, what + " cannot be decrypted with the configured "
                    + "BACKUP_ENCRYPTION_KEY: it was written for another key, or its header is damaged", e);
        }
    }
}
