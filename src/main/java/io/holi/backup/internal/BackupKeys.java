package io.holi.backup.internal;

import io.holi.backup.BackupProperties;
import io.holi.platform.HoliException;

import java.io.IOException;
import java.nio.file.Files;

/** The backup keys, from BACKUP_ENCRYPTION_KEY or, when that is empty, the file BACKUP_ENCRYPTION_KEY_FILE names. */
public final class BackupKeys {

    private BackupKeys() {
    }

    public static AgeKeys from(BackupProperties properties) {
        if ((properties.encryptionKey() == null || properties.encryptionKey().isBlank()) && properties.encryptionKeyFile() != null
                && !properties.encryptionKeyFile().toString().isBlank()) {
            try {
                return AgeKeys.parse(Files.readString(properties.encryptionKeyFile()));
            } catch (IOException e) {
                throw new HoliException(HoliException.Kind.INVALID, "BACKUP_ENCRYPTION_KEY_FILE " + properties.encryptionKeyFile()
                        + " cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
        return AgeKeys.parse(properties.encryptionKey());
    }
}
