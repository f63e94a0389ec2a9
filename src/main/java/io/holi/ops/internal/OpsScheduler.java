package io.holi.ops.internal;

import io.holi.audit.AuditAnomalies;
import io.holi.audit.AuditChain;
import io.holi.backup.BackupService;
import io.holi.incidents.BreachAssessments;
import io.holi.notify.Notification;
import io.holi.notify.Notifier;
import io.holi.ops.Checklists;
import io.holi.platform.OperationalCheck.Cadence;
import io.holi.ops.OpsProperties;
import io.holi.ops.OpsReport;
import io.holi.platform.ClusterLocks;
import io.holi.platform.InstanceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * The procedures holi serve runs by itself (manual sections 2, 4 and 5): audit sealing and archiving every 5
 * minutes, anomaly detection hourly, the daily/weekly/monthly checklists, the 02:00 UTC backup, weekly retention,
 * expired temporary access, breach-deadline reminders. However many instances serve, each job runs once: a cluster-wide lock per job.
 */
@Component
@ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
class OpsScheduler {

    private static final Logger log = LoggerFactory.getLogger(OpsScheduler.class);

    private final OpsProperties properties;
    private final TaskScheduler scheduler;
    private final ClusterLocks locks;
    private final ObjectProvider<AuditChain> chain;
    private final ObjectProvider<AuditAnomalies> anomalies;
    private final ObjectProvider<Checklists> checks;
    private final ObjectProvider<BackupService> backups;
    private final ObjectProvider<Notifier> notifier;
    private final ObjectProvider<io.holi.access.TemporaryAccess> access;
    private final ObjectProvider<BreachAssessments> breaches;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final ZoneId clinicZone;
    private final String instance = InstanceName.of();

    OpsScheduler(OpsProperties properties, TaskScheduler scheduler, ClusterLocks locks, ObjectProvider<AuditChain> chain,
                 ObjectProvider<AuditAnomalies> anomalies, ObjectProvider<Checklists> checks, ObjectProvider<BackupService> backups,
                 ObjectProvider<Notifier> notifier, ObjectProvider<io.holi.access.TemporaryAccess> access,
                 ObjectProvider<BreachAssessments> breaches, org.springframework.jdbc.core.simple.JdbcClient jdbc,
                 io.holi.platform.HoliProperties holi) {
        this.breaches = breaches;
        this.clinicZone = holi.clinic().timeZone();
        this.properties = properties;
        this.scheduler = scheduler;
        this.locks = locks;
        this.chain = chain;
        this.anomalies = anomalies;
        this.checks = checks;
        this.backups = backups;
        this.notifier = notifier;
        this.access = access;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        OpsProperties.Schedule s = properties.schedule();
        if (!s.enabled()) {
            log.info("Scheduled procedures are off (holi.ops.schedule.enabled=false)");
            return;
        }
        ZoneId local = clinicZone;
        schedule("audit.seal-archive", s.sealAndArchive(), ZoneOffset.UTC, () -> {
            var sealed = chain.getObject().seal();
            var archived = chain.getObject().archive();
            return sealed.batches() + " batches sealed, " + archived.batches() + " archived";
        });
        schedule("audit.anomalies", s.anomalies(), ZoneOffset.UTC, this::anomalies);
        schedule("ops.daily", s.dailyChecks(), local, () -> report(checks.getObject().run(Cadence.DAILY)));
        schedule("ops.weekly", s.weeklyChecks(), local, () -> report(checks.getObject().run(Cadence.WEEKLY)));
        schedule("ops.monthly", s.monthlyChecks(), local, () -> report(checks.getObject().run(Cadence.MONTHLY)));
        schedule("backup.create", s.backup(), ZoneOffset.UTC, () -> {
            var m = backups.getObject().create("scheduled");
            return m.id() + " (" + m.ciphertextBytes() + " bytes)";
        });
        schedule("backup.prune", s.retention(), local, () -> {
            BackupService b = backups.getObject();
            int pruned = jdbc.sql("DELETE FROM holi_ops.scheduled_runs WHERE scheduled_for < now() - interval '400 days'").update();
            return b.prune(b.retention(), b.keepMin(), false).deleted().size() + " backups past retention deleted; "
                    + pruned + " old job records removed";
        });
        schedule("access.revoke-expired", s.expiredAccess(), ZoneOffset.UTC, () -> access.getObject().revokeExpired().size()
                + " expired roles dropped");
        // each reminder is sent once (its own record), so an hourly look is cheap and a missed hour costs nothing
        schedule("incidents.breach-reminders", s.breachReminders(), local, () -> breaches.getObject()
                .sendReminders(LocalDate.now(clinicZone)).size() + " breach-deadline reminders sent");
    }

    private void schedule(String job, String cron, ZoneId zone, Supplier<String> work) {
        if (cron == null || cron.isBlank() || cron.equals("-")) {
            log.info("Scheduled job {} is off", job);
            return;
        }
        ScheduledFuture<?> f = scheduler.schedule(() -> run(job, work), new CronTrigger(cron, TimeZone.getTimeZone(zone)));
        log.info("Scheduled job {}: {} ({})", job, cron, zone);
    }

    /**
     * Every instance's scheduler fires; the first to claim the run (job, due time rounded to the second) does it,
     * under a cluster-wide lock so that a long run is never overlapped by the next one; the claim is the record.
     */
    private void run(String job, Supplier<String> work) {
        Instant due = Instant.ofEpochMilli(Math.round(System.currentTimeMillis() / 1000.0) * 1000);
        try {
            var result = locks.runExclusively("job:" + job, () -> {
                int claimed = jdbc.sql("INSERT INTO holi_ops.scheduled_runs (job, scheduled_for, instance) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING").params(job, java.sql.Timestamp.from(due), instance).update();
                if (claimed == 0) {
                    return "claimed by another instance";
                }
                // the procedure records its own run (holi_ops.operation_runs, evidence, audit): the claim is only a claim
                log.info("Job {} started", job); // a run of minutes is visible while it runs (bench/reads.sh reads it too)
                long t0 = System.nanoTime();
                try {
                    String text = work.get();
                    log.info("Job {} done in {} ms: {}", job, (System.nanoTime() - t0) / 1_000_000, text);
                    return text;
                } catch (RuntimeException e) {
                    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                    log.error("Job {} failed: {}", job, text);
                    return text;
                }
            });
            if (result.isEmpty()) {
                log.debug("Job {} is running on another instance", job);
            }
        } catch (RuntimeException e) {
            log.error("Job {} could not start: {}", job, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private String anomalies() {
        Instant now = Instant.now();
        var r = anomalies.getObject().detectAndRecord(now.minus(Duration.ofHours(24)), now, "24h");
        long fresh = r.findings().stream().filter(f -> f.last().isAfter(now.minus(Duration.ofHours(1)))).count();
        if (fresh > 0 && notifier.getObject().configured()) {
            notifier.getObject().send(Notification.warning("Audit anomalies: " + fresh + " new finding(s) in the last hour",
                    r.findings().stream().filter(f -> f.last().isAfter(now.minus(Duration.ofHours(1))))
                            .map(f -> f.check() + ": " + f.who() + " / " + f.subject() + " x" + f.count())
                            .reduce((a, b) -> a + "\n" + b).orElse("")));
        }
        return r.findings().size() + " findings in 24 h, " + fresh + " new";
    }

    private String report(OpsReport r) {
        if (notifier.getObject().configured()) {
            checks.getObject().notify(r);
        }
        return r.kind() + " checks: " + r.overall();
    }
}
