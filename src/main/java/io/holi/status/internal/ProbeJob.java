package io.holi.status.internal;

import io.holi.platform.InstanceName;
import io.holi.status.StatusPage;
import io.holi.status.StatusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.TimeZone;

/**
 * Every minute, on every instance that serves: probe, record the minute (the first instance to probe it does), and
 * publish the page. The instance that recorded the minute publishes; when the database is unreachable nobody can
 * record, so every instance publishes what it sees (the same files: the last writer wins, and they agree).
 */
@Component
@ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
class ProbeJob {

    private static final Logger log = LoggerFactory.getLogger(ProbeJob.class);

    private final StatusSnapshots snapshots;
    private final StatusPage page;
    private final StatusProperties properties;
    private final TaskScheduler scheduler;

    ProbeJob(StatusSnapshots snapshots, StatusPage page, StatusProperties properties, TaskScheduler scheduler) {
        this.snapshots = snapshots;
        this.page = page;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        String cron = properties.probe();
        if (cron == null || cron.isBlank() || cron.equals("-")) {
            log.info("Status probes are off (holi.status.probe=-)");
            return;
        }
        scheduler.schedule(this::run, new CronTrigger(cron, TimeZone.getTimeZone("UTC")));
    }

    void run() {
        try {
            Instant now = Instant.now();
            StatusSnapshots.Probe p = snapshots.probe(now);
            boolean recorded = snapshots.record(p, InstanceName.of());
            snapshots.refreshHistory(now);
            log.debug("Status probe {}: {} (recorded: {})", p.at(), p.states(), recorded);
            if (recorded || !p.databaseUp()) {
                page.publish(now);
            }
        } catch (Exception e) {
            log.warn("Status probe or publishing failed: {}", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

}
