package io.holi.backup;

import io.holi.audit.OperationRecords;
import io.holi.platform.Maintenance;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.TestKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Maintenance mode as a serving instance sees it, and the backup metrics Prometheus reads from recorded runs. */
class OperationsEvidenceTest extends ApiTest {

    @Autowired
    Maintenance maintenance;

    @Autowired
    OperationRecords operations;

    @Test
    void maintenanceRefusesEverythingButHealthChecksUntilItEnds() {
        String token = adminToken();
        assertThat(api.get("/api/users", token).status()).isEqualTo(200);
        maintenance.enter("restoring backup-20260101-020000", "ops@test.holi");
        try {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> api.get("/api/users", token).status() == 503);
            Api.Response refused = api.get("/api/users", token);
            assertThat(refused.body()).contains("maintenance").contains("restoring backup-20260101-020000");
            assertThat(refused.header("Retry-After")).isEqualTo("60");
            assertThat(api.post("/api/auth/login", null, Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)).status()).isEqualTo(503);
            assertThat(api.get("/api/health/live", null).status()).isEqualTo(200);
        } finally {
            maintenance.leave();
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> api.get("/api/users", token).status() == 200);
    }

    @Test
    void backupMetricsReportTheLastRecordedRuns() {
        Instant finished = Instant.now();
        operations.record(BackupService.CREATE, "backup-20260101-020000", finished.minusSeconds(3), io.holi.audit.RunOutcome.SUCCESS,
                Map.of("ciphertextBytes", 123456, "durationSeconds", 2.5));
        operations.record(BackupService.VERIFY, "backup-20260101-020000", finished.minusSeconds(2), io.holi.audit.RunOutcome.SUCCESS, Map.of());
        operations.record(BackupService.DRILL, "backup-20260101-020000", finished.minusSeconds(1), io.holi.audit.RunOutcome.FAILED, Map.of("error", "test"));
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            String text = api.send("GET", "/api/health/metrics", TestKeys.METRICS, null, Map.of("Accept", "text/plain")).body();
            assertThat(text).contains("holi_backup_last_size_bytes 123456.0").contains("holi_backup_last_duration_seconds 2.5")
                    .contains("holi_backup_last_verify_success 1.0").contains("holi_restore_drill_last_success 0.0")
                    .contains("holi_pitr_last_archived_wal_age_seconds NaN");
            var m = java.util.regex.Pattern.compile("(?m)^holi_backup_last_success_timestamp_seconds (\\S+)$").matcher(text);
            assertThat(m.find()).isTrue();
            assertThat(Double.parseDouble(m.group(1))).isCloseTo(finished.getEpochSecond(), org.assertj.core.data.Offset.offset(5.0));
        });
    }

    /** This server was given no backup key at all (BackupTest's commands have one, in a key file). */
    @Test
    void aBackupWithoutAKeyIsRefusedNamingTheSettingAndHowToMakeOne() {
        var noKey = holi("", "backup", "create");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("BACKUP_ENCRYPTION_KEY is not set").contains("holi backup keygen");
    }
}
