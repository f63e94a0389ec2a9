package io.holi.crypto;

import io.holi.platform.HoliException;
import io.holi.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldCipherTest {

    private static final EncryptedColumn EMAIL = new EncryptedColumn("patients", "email_enc");

    private static Keyring keys(String encryptionKeys) {
        return Keyring.from(new CryptoProperties(null, encryptionKeys, null, TestKeys.BLIND_INDEX));
    }

    @Test
    void roundTripsAndCarriesTheKeyVersion() {
        FieldCipher cipher = new FieldCipher(keys("1:" + TestKeys.FIELD_V1 + ",2:" + TestKeys.FIELD_V2));
        UUID row = UUID.randomUUID();
        byte[] sealed = cipher.encrypt("jane@example.org", EMAIL, row);
        assertThat(FieldCipher.versionOf(sealed)).isEqualTo(2);
        assertThat(sealed[0]).isEqualTo(FieldCipher.FORMAT);
        assertThat(new String(sealed)).doesNotContain("jane");
        assertThat(cipher.decrypt(sealed, EMAIL, row)).isEqualTo("jane@example.org");
        assertThat(cipher.encrypt("jane@example.org", EMAIL, row)).isNotEqualTo(sealed); // fresh nonce every time
    }

    @Test
    void aValueFromAnotherRowOrColumnDoesNotDecrypt() {
        FieldCipher cipher = new FieldCipher(keys("1:" + TestKeys.FIELD_V1));
        UUID row = UUID.randomUUID();
        byte[] sealed = cipher.encrypt("secret", EMAIL, row);
        assertThatThrownBy(() -> cipher.decrypt(sealed, EMAIL, UUID.randomUUID())).isInstanceOf(HoliException.class)
                .hasMessageContaining("could not be decrypted");
        assertThatThrownBy(() -> cipher.decrypt(sealed, new EncryptedColumn("patients", "phone_enc"), row))
                .hasMessageContaining("could not be decrypted");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, EMAIL, row)).hasMessageContaining("altered");
    }

    @Test
    void anUnknownKeyVersionIsNamed() {
        byte[] sealed = new FieldCipher(keys("2:" + TestKeys.FIELD_V2)).encrypt("x", EMAIL, new UUID(1, 1));
        assertThatThrownBy(() -> new FieldCipher(keys("1:" + TestKeys.FIELD_V1)).decrypt(sealed, EMAIL, new UUID(1, 1)))
                .hasMessageContaining("key version 2, which is not configured");
    }

    @Test
    void blindIndexesMatchOnNormalisedValuesOnly() {
        BlindIndex blind = new BlindIndex(keys("1:" + TestKeys.FIELD_V1));
        assertThat(blind.of(BlindIndex.Kind.EMAIL, " Jane@Example.ORG ")).get()
                .isEqualTo(blind.of(BlindIndex.Kind.EMAIL, "jane@example.org").orElseThrow());
        assertThat(blind.of(BlindIndex.Kind.PHONE, "+1 (555) 010-0199")).get()
                .isEqualTo(blind.of(BlindIndex.Kind.PHONE, "+15550100199").orElseThrow());
        assertThat(blind.of(BlindIndex.Kind.NATIONAL_ID, "123-45-6789")).get()
                .isEqualTo(blind.of(BlindIndex.Kind.NATIONAL_ID, "123 45 6789").orElseThrow());
        assertThat(blind.of(BlindIndex.Kind.EMAIL, "x@y.z")).get()
                .isNotEqualTo(blind.of(BlindIndex.Kind.NATIONAL_ID, "x@y.z").orElseThrow());
    }
}
