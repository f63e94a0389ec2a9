package io.holi.backup.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The manual's thresholds for backups (2.1, 2.2 step 1).
 *
 * @param lastBackupMaxAge how old the last successful backup may be (a daily backup, plus two hours of slack)
 * @param daysExpected     days back that must each have a backup (the manual: files for the last 7 days)
 * @param retentionSlack   how many days past the retention the oldest backup may be before the weekly check warns
 */
@ConfigurationProperties("holi.checks.backup")
public record BackupCheckThresholds(@DefaultValue("26h") Duration lastBackupMaxAge, @DefaultValue("7") int daysExpected,
                                    @DefaultValue("2") int retentionSlack) {

    public static BackupCheckThresholds defaults() {
        return new BackupCheckThresholds(Duration.ofHours(26), 7, 2);
    }
}
