package io.holi.pitr;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Point-in-time recovery through pgBackRest.
 *
 * @param repo           HOLI_PITR_REPO: the pgBackRest repository, a directory or {@code s3://bucket/prefix}
 *                       (default: {@code pitr-repo/} in the data directory)
 * @param cipherPass     HOLI_PITR_CIPHER_PASS: the repository's aes-256-cbc passphrase (the embedded default
 *                       generates one into the data directory; keep a copy with the backup key)
 * @param stanza         the pgBackRest stanza name
 * @param configDir      where {@code pgbackrest.conf} is written (default: {@code pgbackrest/} in the data directory)
 * @param pgPath         HOLI_PITR_PG_PATH: the data directory of an external PostgreSQL, when holi runs on its host
 * @param archiveTimeout archive_timeout: the longest a committed transaction waits before its WAL is archived
 *                       (the RPO is 15 minutes; at most 60 s is used)
 * @param retentionDays  how long full backups (and the WAL needed by them) are kept
 */
@ConfigurationProperties("holi.pitr")
public record PitrProperties(String repo, String cipherPass, @DefaultValue("holi") String stanza, Path configDir, Path pgPath,
                             @DefaultValue("60s") Duration archiveTimeout, @DefaultValue("30") int retentionDays) {

    @Override
    public String toString() {
        return "PitrProperties[repo=" + repo + ", stanza=" + stanza + "]";
    }
}
