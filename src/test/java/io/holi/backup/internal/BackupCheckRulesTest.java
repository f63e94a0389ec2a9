package io.holi.backup.internal;

import io.holi.backup.BackupSummary;
import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup checks' thresholds (manual 2.1, 2.2 step 1) as rules. */
class BackupCheckRulesTest {

    private static final BackupCheckThresholds T = BackupCheckThresholds.defaults();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private static BackupSummary on(LocalDate day) {
        Instant at = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
        return new BackupSummary("backup-" + day, "scheduled", at, 1000, Duration.between(at, TODAY.atStartOfDay(ZoneOffset.UTC)),
                Optional.of(true), Optional.of(at));
    }

    @Test
    void aBackupOlderThan26HoursOrNoneAtAllWarns() {
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        assertThat(BackupChecks.lastBackup(Optional.of(now.minus(Duration.ofHours(7))), now, T).status()).isEqualTo(Check.Status.OK);
        assertThat(BackupChecks.lastBackup(Optional.of(now.minus(Duration.ofHours(30))), now, T).status()).isEqualTo(Check.Status.WARNING);
        assertThat(BackupChecks.lastBackup(Optional.empty(), now, T).value()).isEqualTo("none recorded");
    }

    @Test
    void eachOfTheLastSevenDaysNeedsABackupOneMissingWarnsAllMissingFails() {
        List<BackupSummary> week = new ArrayList<>();
        for (int d = 1; d <= 7; d++) {
            week.add(on(TODAY.minusDays(d)));
        }
        assertThat(BackupChecks.daysCovered(week, TODAY, T).value()).isEqualTo("7/7 days");
        week.remove(2);
        Check gap = BackupChecks.daysCovered(week, TODAY, T);
        assertThat(gap.status()).isEqualTo(Check.Status.WARNING);
        assertThat(gap.value()).contains("6/7").contains(TODAY.minusDays(3).toString());
        assertThat(BackupChecks.daysCovered(List.of(), TODAY, T).status()).isEqualTo(Check.Status.FAILURE);
    }

    @Test
    void backupsKeptPastTheRetentionWarnUnlessTheyAreTheMinimumKept() {
        List<BackupSummary> old = List.of(on(TODAY.minusDays(1)), on(TODAY.minusDays(120)));
        assertThat(BackupChecks.retention(old, Duration.ofDays(90), 1, T).status()).isEqualTo(Check.Status.WARNING);
        assertThat(BackupChecks.retention(old, Duration.ofDays(90), 7, T).status()).isEqualTo(Check.Status.OK);
        assertThat(BackupChecks.retention(List.of(on(TODAY.minusDays(91))), Duration.ofDays(90), 0, T).status()).isEqualTo(Check.Status.OK);
    }
}
