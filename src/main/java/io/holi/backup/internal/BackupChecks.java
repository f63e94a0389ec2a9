package io.holi.backup.internal;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.backup.BackupService;
import io.holi.backup.BackupSummary;
import io.holi.backup.Manifest;
import io.holi.backup.Reports;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checklists' questions about backups (manual 2.1, 2.2 step 1, 2.3 step 1), asked of the backup module. */
@Configuration(proxyBeanMethods = false)
class BackupChecks {

    @Bean
    OperationalCheck lastBackup(OperationRecords operations, BackupCheckThresholds t) {
        return OperationalCheck.of("Last backup", Cadence.DAILY, 110, () -> List.of(lastBackup(
                operations.latest(BackupService.CREATE, Optional.of(RunOutcome.SUCCESS)).map(r -> r.finishedAt()), Instant.now(), t)));
    }

    @Bean
    OperationalCheck backupsOfTheWeek(ObjectProvider<BackupService> backups, BackupCheckThresholds t) {
        return OperationalCheck.of("Backups, last 7 days", Cadence.WEEKLY, 10,
                () -> List.of(daysCovered(backups.getObject().list(), LocalDate.now(ZoneOffset.UTC), t)));
    }

    @Bean
    OperationalCheck backupsVerified(ObjectProvider<BackupService> backups) {
        return OperationalCheck.of("Backups verified", Cadence.WEEKLY, 20, () -> {
            BackupService b = backups.getObject();
            Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
            List<String> failed = new ArrayList<>();
            int verified = 0;
            for (BackupSummary s : b.list()) {
                if (s.createdAt().isBefore(weekAgo)) {
                    continue;
                }
                if (s.verified().orElseGet(() -> b.verify(s.id()).ok())) {
                    verified++;
                } else {
                    failed.add(s.id());
                }
            }
            return List.of(Check.of("Backups verified", failed.isEmpty(), Check.Status.FAILURE, verified + " verified"
                    + (failed.isEmpty() ? "" : ", FAILED: " + failed), "all", "runbook BACKUP_FAILURE.md"));
        });
    }

    @Bean
    OperationalCheck testRestoreOfYesterday(ObjectProvider<BackupService> backups) {
        return OperationalCheck.of("Test restore of yesterday's backup", Cadence.WEEKLY, 30, () -> {
            BackupService b = backups.getObject();
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            Optional<Manifest> manifest = b.list().stream()
                    .filter(s -> !LocalDate.ofInstant(s.createdAt(), ZoneOffset.UTC).isAfter(yesterday))
                    .findFirst().or(() -> b.list().stream().findFirst()).map(s -> b.manifest(s.id()));
            String name = "Test restore of yesterday's backup";
            if (manifest.isEmpty()) {
                return List.of(Check.failure(name, "no backup to restore", "restores within the RTO", "holi backup create"));
            }
            Reports.Drill d = b.testRestore(manifest.get(), Optional.empty(), false, line -> { });
            if (!d.ok()) {
                return List.of(Check.failure(name, manifest.get().id() + ": " + d.failure().orElse("failed"), "restores within the RTO",
                        "runbook BACKUP_FAILURE.md"));
            }
            return List.of(Check.of(name, d.withinRto(), Check.Status.WARNING, manifest.get().id() + " restored in "
                    + d.totalTook().toSeconds() + " s", "< " + d.rto().toMinutes() + " min",
                    "the database outgrew the RTO: plan PITR or a faster target"));
        });
    }

    @Bean
    OperationalCheck retention(ObjectProvider<BackupService> backups, BackupCheckThresholds t) {
        return OperationalCheck.of("Retention", Cadence.WEEKLY, 40, () -> {
            BackupService b = backups.getObject();
            return List.of(retention(b.list(), b.retention(), b.keepMin(), t));
        });
    }

    @Bean
    OperationalCheck disasterRecoveryTest(ObjectProvider<BackupService> backups) {
        return OperationalCheck.of("Disaster recovery test", Cadence.MONTHLY, 10, () -> {
            BackupService b = backups.getObject();
            String name = "Disaster recovery test";
            String threshold = "restores with integrity checks within 1 h";
            var latest = b.latest();
            if (latest.isEmpty()) {
                return List.of(Check.failure(name, "no backup", threshold, "holi backup create"));
            }
            Reports.Drill d = b.testRestore(latest.get(), Optional.empty(), false, line -> { });
            if (!d.ok()) {
                return List.of(Check.failure(name, d.failure().orElse("failed"), threshold, "runbook DISASTER_RECOVERY_PLAN.md"));
            }
            return List.of(Check.of(name, d.withinRto(), Check.Status.FAILURE, latest.get().id() + ": row counts match, audit trail intact, "
                    + d.totalTook().toSeconds() + " s", "within " + d.rto().toMinutes() + " min", "RTO missed: runbook DISASTER_RECOVERY_PLAN.md"));
        });
    }

    static Check lastBackup(Optional<Instant> last, Instant now, BackupCheckThresholds t) {
        String threshold = "< " + t.lastBackupMaxAge().toHours() + " h old";
        if (last.isEmpty()) {
            return Check.warning("Last backup", "none recorded", threshold, "holi backup create; is the 02:00 schedule running?");
        }
        Duration age = Duration.between(last.get(), now);
        return Check.of("Last backup", age.compareTo(t.lastBackupMaxAge()) < 0, Check.Status.WARNING, age.toHours() + " h ago", threshold,
                "runbook BACKUP_FAILURE.md");
    }

    /** Each of the last days has a backup: one missing warns, none at all fails. */
    static Check daysCovered(List<BackupSummary> all, LocalDate today, BackupCheckThresholds t) {
        List<String> missing = new ArrayList<>();
        for (int d = 1; d <= t.daysExpected(); d++) {
            LocalDate day = today.minusDays(d);
            if (all.stream().noneMatch(s -> LocalDate.ofInstant(s.createdAt(), ZoneOffset.UTC).equals(day))) {
                missing.add(day.toString());
            }
        }
        int days = t.daysExpected();
        Check.Status s = missing.isEmpty() ? Check.Status.OK : missing.size() == days ? Check.Status.FAILURE : Check.Status.WARNING;
        return new Check("Backups, last 7 days", s, (days - missing.size()) + "/" + days + " days" + (missing.isEmpty() ? "" : ", missing " + missing),
                "one a day", s == Check.Status.OK ? "" : "runbook BACKUP_FAILURE.md");
    }

    static Check retention(List<BackupSummary> all, Duration retention, int keepMin, BackupCheckThresholds t) {
        if (all.isEmpty()) {
            return Check.warning("Retention", "no backups", retention.toDays() + " days", "holi backup create");
        }
        long days = all.get(all.size() - 1).age().toDays();
        return Check.of("Retention", days <= retention.toDays() + t.retentionSlack() || all.size() <= keepMin, Check.Status.WARNING,
                all.size() + " backups, oldest " + days + " days", "<= " + retention.toDays() + " days (keep at least " + keepMin + ")",
                "is the weekly prune running? holi backup prune --dry-run");
    }
}
