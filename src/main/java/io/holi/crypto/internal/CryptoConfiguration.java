package io.holi.crypto.internal;

import io.holi.crypto.BlindIndex;
import io.holi.crypto.CryptoProperties;
import io.holi.crypto.FieldCipher;
import io.holi.crypto.Keyring;
import io.holi.platform.DataDirectory;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

    /**
     * With an external database the keys must be given; the embedded default generates them into the data
     * directory (mode 0600) once, with a loud warning, so that trying holi out needs no setup.
     */
    @Bean
    Keyring keyring(CryptoProperties properties, HoliProperties holi, HoliDatabase database) {
        CryptoProperties effective = properties;
        boolean noFieldKey = blank(properties.encryptionKey()) && blank(properties.encryptionKeys());
        if (database.mode() == HoliDatabase.Mode.EMBEDDED && (noFieldKey || blank(properties.blindIndexKey()))) {
            DataDirectory dir = new DataDirectory(holi.dataDir());
            boolean fresh = dir.existingSecret("encryption-key").isEmpty();
            String field = noFieldKey ? dir.secret("encryption-key", 32) : properties.encryptionKey();
            String blind = blank(properties.blindIndexKey()) ? dir.secret("blind-index-key", 32) : properties.blindIndexKey();
            if (fresh && noFieldKey) {
                log.warn("ENCRYPTION_KEY and HOLI_BLIND_INDEX_KEY are not set: generated them in {} (mode 0600). "
                        + "Back these files up with the database: without them the encrypted PHI is unreadable. "
                        + "In production set the variables from your secrets manager.", dir.resolve("secrets"));
            }
            effective = new CryptoProperties(field, noFieldKey ? null : properties.encryptionKeys(),
                    properties.activeVersion(), blind);
        }
        return Keyring.from(effective);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Bean
    FieldCipher fieldCipher(Keyring keyring) {
        return new FieldCipher(keyring);
    }

    @Bean
    BlindIndex blindIndex(Keyring keyring) {
        return new BlindIndex(keyring);
    }
}
