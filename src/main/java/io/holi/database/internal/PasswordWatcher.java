package io.holi.database.internal;

import io.holi.platform.DataDirectory;
import io.holi.database.DatabasePasswords;
import io.holi.platform.DatabaseUrl;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import io.holi.platform.SecretsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Follows a rotated database password without a restart: rereads the env file (or, embedded, the data
 * directory's secret) and, when the password changed, points the pool at it (holi secrets rotate-db-password).
 */
@Component
@ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
class PasswordWatcher {

    private static final Logger log = LoggerFactory.getLogger(PasswordWatcher.class);

    private final SecretsProperties secrets;
    private final HoliDatabase database;
    private final HoliProperties holi;
    private final DataSource dataSource;

    PasswordWatcher(SecretsProperties secrets, HoliDatabase database, HoliProperties holi, DataSource dataSource) {
        this.secrets = secrets;
        this.database = database;
        this.holi = holi;
        this.dataSource = dataSource;
    }

    @Scheduled(fixedDelayString = "${holi.secrets.watch-every:2s}")
    void reread() {
        try {
            Optional<String> password;
            if (database.mode() == HoliDatabase.Mode.EMBEDDED) {
                password = new DataDirectory(holi.dataDir()).existingSecret("db-password");
            } else if (secrets.envFile() != null && !secrets.envFile().toString().isBlank()) {
                password = DatabasePasswords.readEnvFile(secrets.envFile())
                        .filter(u -> u.username().equals(database.url().username()) && u.host().equals(database.url().host()))
                        .map(DatabaseUrl::password);
            } else {
                return;
            }
            if (password.isPresent() && DatabasePasswords.switchPool(dataSource, password.get())) {
                database.passwordChanged(password.get());
                log.info("The database password changed: new connections use it, the pool's current ones are replaced as they return");
            }
        } catch (Exception e) {
            log.warn("The database secret could not be reread ({})", e.getClass().getSimpleName());
        }
    }
}
