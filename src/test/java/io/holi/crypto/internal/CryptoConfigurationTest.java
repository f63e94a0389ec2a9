package io.holi.crypto.internal;

import io.holi.crypto.CryptoProperties;
import io.holi.database.HoliDatabase;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.TestKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The keys the service starts with: against an external database nothing is generated, and nothing is guessed. */
class CryptoConfigurationTest {

    private static final HoliDatabase EXTERNAL = HoliDatabase.external(DatabaseUrl.of("db.clinic.example", 5432, "holi", "holi", "unused"));

    @Test
    void withoutKeysAnExternalDatabaseIsRefusedNamingTheVariable() {
        Throwable none = catchThrowable(() -> new CryptoConfiguration().keyring(
                new CryptoProperties(null, null, null, TestKeys.BLIND_INDEX), null, EXTERNAL));
        assertThat(none).hasMessageContaining("ENCRYPTION_KEY is not set");
        Throwable malformed = catchThrowable(() -> new CryptoConfiguration().keyring(
                new CryptoProperties("too-short", null, null, TestKeys.BLIND_INDEX), null, EXTERNAL));
        assertThat(malformed).hasMessageContaining("ENCRYPTION_KEY must be 32 random bytes");
        Throwable noBlindIndex = catchThrowable(() -> new CryptoConfiguration().keyring(
                new CryptoProperties(TestKeys.FIELD_V1, null, null, null), null, EXTERNAL));
        assertThat(noBlindIndex).hasMessageContaining("HOLI_BLIND_INDEX_KEY is not set");
    }
}
