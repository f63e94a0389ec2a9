package io.holi.audit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of audit_logs ready three months ahead, so an insert never meets a month
 * without a partition (which would fail the request with 503: the trail fails closed).
 */
@Component
class AuditPartitions {

    private static final Logger log = LoggerFactory.getLogger(AuditPartitions.class);

    private final AuditRepository repository;
    private final io.holi.platform.HoliProperties holi;

    AuditPartitions(AuditRepository repository, io.holi.platform.HoliProperties holi) {
        this.repository = repository;
        this.holi = holi;
    }

    /** Only when serving: a one-off command (a restore into an empty database, say) must not need the schema. */
    @EventListener(ApplicationStartedEvent.class)
    void atStart() {
        if (holi.serving()) {
            ensure();
        }
    }

    @Scheduled(fixedDelayString = "${holi.audit.partition-check-interval:6h}", initialDelayString = "${holi.audit.partition-check-interval:6h}")
    void ensure() {
        int created = repository.ensurePartitions(1, 3);
        if (created > 0) {
            log.info("Created {} audit_logs partition(s) ahead of time", created);
        }
    }
}
