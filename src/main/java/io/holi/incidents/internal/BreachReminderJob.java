package io.holi.incidents.internal;

import io.holi.incidents.BreachAssessments;
import io.holi.incidents.IncidentProperties;
import io.holi.platform.ClusterLocks;
import io.holi.platform.HoliProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.TimeZone;

/** Looks for breach-deadline reminders due (30, 45, 55 days after discovery) and sends each once, on one instance. */
@Component
@ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
class BreachReminderJob {

    private static final Logger log = LoggerFactory.getLogger(BreachReminderJob.class);

    private final BreachAssessments breaches;
    private final ClusterLocks locks;
    private final IncidentProperties properties;
    private final TaskScheduler scheduler;
    private final ZoneId zone;

    BreachReminderJob(BreachAssessments breaches, ClusterLocks locks, IncidentProperties properties, TaskScheduler scheduler, HoliProperties holi) {
        this.breaches = breaches;
        this.locks = locks;
        this.properties = properties;
        this.scheduler = scheduler;
        this.zone = holi.clinic().timeZone();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        String cron = properties.reminders();
        if (cron == null || cron.isBlank() || cron.equals("-")) {
            return;
        }
        scheduler.schedule(this::run, new CronTrigger(cron, TimeZone.getTimeZone(zone)));
    }

    void run() {
        try {
            locks.runExclusively("job:incidents.breach-reminders", () -> breaches.sendReminders(LocalDate.now(zone)))
                    .ifPresent(sent -> {
                        if (!sent.isEmpty()) {
                            log.warn("Breach-deadline reminders sent: {}", sent.size());
                        }
                    });
        } catch (RuntimeException e) {
            log.error("Breach-deadline reminders failed: {}", e.getMessage());
        }
    }
}
