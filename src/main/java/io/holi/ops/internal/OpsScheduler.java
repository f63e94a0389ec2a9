package io.holi.ops.internal;

import io.holi.audit.AuditAnomalies;
import io.holi.audit.AuditChain;
import io.holi.backup.BackupService;
import io.holi.notify.Notification;
import io.holi.notify.Notifier;
import io.holi.ops.OpsChecks;
import io.holi.ops.OpsProperties;
import io.holi.ops.OpsReport;
import io.holi.platform.ClusterLocks;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * The procedures holi serve runs by itself (manual sections 2, 4 and 5): audit sealing and archiving every 5
 * minutes, anomaly detection hourly, the daily/weekly/monthly checklists, the 02:00 UTC backup, weekly retention,
 * expired temporary access. However many instances serve, each job runs once: a cluster-wide lock per job.
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
    private final ObjectProvider<OpsChecks> checks;
    private final ObjectProvider<BackupService> backups;
    private final ObjectProvider<Notifier> notifier;
    private final ObjectProvider<io.holi.access.TemporaryAccess> access;

    OpsScheduler(OpsProperties properties, TaskScheduler scheduler, ClusterLocks locks, ObjectProvider<AuditChain> chain,
                 ObjectProvider<AuditAnomalies> anomalies, ObjectProvider<OpsChecks> checks, ObjectProvider<BackupService> backups,
                 ObjectProvider<Notifier> notifier, ObjectProvider<io.holi.access.TemporaryAccess> access) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.locks = locks;
        this.chain = chain;
        this.anomalies = anomalies;
        this.checks = checks;
        this.backups = backups;
        this.notifier = notifier;
        this.access = access;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        OpsProperties.Schedule s = properties.schedule();
        if (!s.enabled()) {
            log.info("Scheduled procedures are off (holi.ops.schedule.enabled=false)");
            return;
        }
        ZoneId local = ZoneId.of(s.zone());
        schedule("audit.seal-archive", s.sealAndArchive(), ZoneOffset.UTC, () -> {
            var sealed = chain.getObject().seal();
            var archived = chain.getObject().archive();
            return sealed.batches() + " batches sealed, " + archived.batches() + " archived";
        });
        schedule("audit.anomalies", s.anomalies(), ZoneOffset.UTC, this::anomalies);
        schedule("ops.daily", s.dailyChecks(), local, () -> report(checks.getObject().daily()));
        schedule("ops.weekly", s.weeklyChecks(), local, () -> report(checks.getObject().weekly()));
        schedule("ops.monthly", s.monthlyChecks(), local, () -> report(checks.getObject().monthly()));
        schedule("backup.create", s.backup(), ZoneOffset.UTC, () -> {
            var m = backups.getObject().create("scheduled");
            return m.id() + " (" + m.ciphertextBytes() + " bytes)";
        });
        schedule("backup.prune", s.retention(), local, () -> {
            BackupService b = backups.getObject();
            return b.prune(b.retention(), b.keepMin(), false).deleted().size() + " backups past retention deleted";
        });
        schedule("access.revoke-expired", s.expiredAccess(), ZoneOffset.UTC, () -> access.getObject().revokeExpired().size()
                + " expired roles dropped");
    }

    private void schedule(String job, String cron, ZoneId zone, Supplier<String> work) {
        if (cron == null || cron.isBlank() || cron.equals("-")) {
            log.info("Scheduled job {} is off", job);
            return;
        }
        ScheduledFuture<?> f = scheduler.schedule(() -> run(job, work), new CronTrigger(cron, TimeZone.getTimeZone(zone)));
        log.info("Scheduled job {}: {} ({})", job, cron, zone);
    }

    private void run(String job, Supplier<String> work) {
        long t0 = System.nanoTime();
        try {
            var result = locks.runExclusively("job:" + job, work);
            if (result.isPresent()) {
                log.info("Job {} done in {} ms: {}", job, (System.nanoTime() - t0) / 1_000_000, result.get());
            } else {
                log.debug("Job {} runs on another instance", job);
            }
        } catch (RuntimeException e) {
            // the procedure records its own failure as evidence; the scheduler keeps going
            log.error("Job {} failed: {}", job, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private String anomalies() {
        Instant now = Instant.now();
        var r = anomalies.getObject().detect(now.minus(Duration.ofHours(24)), now);
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
