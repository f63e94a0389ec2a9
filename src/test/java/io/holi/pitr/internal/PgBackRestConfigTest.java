package io.holi.pitr.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** pgBackRest's configuration as holi renders it, for each kind of repository; and the RPO rule over the archiver. */
class PgBackRestConfigTest {

    private static PgBackRestConfig config(String repo, Optional<String> endpoint, Optional<String> ca, Optional<String> key) {
        return new PgBackRestConfig(repo, "cipher-pass-for-tests", 14, Path.of("/data/pgbackrest"), "holi", Path.of("/data/postgres"),
                5433, Optional.of(Path.of("/tmp/holi-pg")), endpoint, "eu-west-1", ca, key, key.map(k -> "secret-for-tests"));
    }

    @Test
    void aDirectoryRepositoryIsPosixEncryptedAndKeptForTheRetention() {
        String text = config("/backups/pitr", Optional.empty(), Optional.empty(), Optional.empty()).render();
        assertThat(text).contains("repo1-type=posix\n").contains("repo1-path=/backups/pitr\n")
                .contains("repo1-cipher-type=aes-256-cbc\n").contains("repo1-cipher-pass=cipher-pass-for-tests\n")
                .contains("repo1-retention-full-type=time\n").contains("repo1-retention-full=14\n")
                .contains("log-path=/data/pgbackrest/log\n").contains("lock-path=/data/pgbackrest/lock\n")
                .contains("[holi]\npg1-path=/data/postgres\npg1-port=5433\npg1-socket-path=/tmp/holi-pg\npg1-user=postgres\n")
                .doesNotContain("repo1-s3");
    }

    @Test
    void anAwsRepositoryUsesTheRegionalEndpointAndTheInstanceRoleWithoutKeys() {
        String text = config("s3://clinic-backups/pitr/prod", Optional.empty(), Optional.empty(), Optional.empty()).render();
        assertThat(text).contains("repo1-type=s3\n").contains("repo1-s3-bucket=clinic-backups\n").contains("repo1-path=/pitr/prod\n")
                .contains("repo1-s3-region=eu-west-1\n").contains("repo1-s3-endpoint=s3.eu-west-1.amazonaws.com\n")
                .contains("repo1-s3-key-type=auto\n").doesNotContain("uri-style").doesNotContain("repo1-storage-ca-file");
    }

    @Test
    void anS3CompatibleStoreIsAddressedByPathWithItsKeysAndItsPrivateCa() {
        String text = config("s3://pitr-bucket", Optional.of("https://minio.internal:9000"), Optional.of("/etc/holi/ca.pem"),
                Optional.of("AKIDTESTONLY")).render();
        assertThat(text).contains("repo1-path=/\n").contains("repo1-s3-endpoint=minio.internal:9000\n")
                .contains("repo1-s3-uri-style=path\n").contains("repo1-storage-ca-file=/etc/holi/ca.pem\n")
                .contains("repo1-s3-key=AKIDTESTONLY\n").contains("repo1-s3-key-secret=secret-for-tests\n")
                .doesNotContain("key-type=auto");
    }

    @Test
    void completedWalWaitingLongerThanFifteenMinutesBreaksTheRpo() {
        assertThat(new ArchiverStatus("on", Optional.empty(), Optional.empty(), 0, Optional.of(0.0)).problem()).isEmpty();
        assertThat(new ArchiverStatus("on", Optional.empty(), Optional.empty(), 0, Optional.of(899.0)).problem()).isEmpty();
        assertThat(new ArchiverStatus("on", Optional.empty(), Optional.empty(), 3, Optional.of(901.0)).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("901 s").contains("15-minute RPO is not met"));
        assertThat(new ArchiverStatus("off", Optional.empty(), Optional.empty(), 0, Optional.empty()).problem())
                .contains("archive_mode is off: run holi pitr setup");
    }
}
