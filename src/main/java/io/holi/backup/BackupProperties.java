package io.holi.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param encryptionKey BACKUP_ENCRYPTION_KEY: an age identity ({@code AGE-SECRET-KEY-1…}, from {@code holi backup keygen}
 *                      or {@code age-keygen}) to write, verify and restore backups; or only age recipients
 *                      ({@code age1…}, comma-separated) on a server that should write backups but never read them
 * @param encryptionKeyFile BACKUP_ENCRYPTION_KEY_FILE: a file holding the key instead (an age-keygen file works)
 * @param databaseUrl   HOLI_BACKUP_DATABASE_URL: where pg_dump connects, when DATABASE_URL goes through PgBouncer
 *                      (pg_dump needs a session of its own on the primary)
 * @param retention     how long backups are kept ({@code holi backup prune})
 * @param keepMin       backups always kept, however old
 * @param rto           the recovery time objective restore drills are timed against
 * @param scratchDir    where restore drills put their temporary cluster (default: the system's temporary directory);
 *                      it needs room for the restored database
 */
@ConfigurationProperties("holi.backup")
public record BackupProperties(String encryptionKey, java.nio.file.Path encryptionKeyFile, String databaseUrl, @DefaultValue("90d") Duration retention,
                               @DefaultValue("7") int keepMin, @DefaultValue("1h") Duration rto, java.nio.file.Path scratchDir) {

    @Override
    public String toString() {
        return "BackupProperties[retention=" + retention + ", keepMin=" + keepMin + "]";
    }
}
