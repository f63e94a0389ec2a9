package io.holi.status.internal;

import io.holi.health.DatabaseProbe;
import io.holi.notes.NoteService;
import io.holi.platform.Check;
import io.holi.platform.Maintenance;
import io.holi.platform.OperationalCheck;
import io.holi.ratelimit.RateLimiter;
import io.holi.ratelimit.RedisStatus;
import io.holi.status.StatusProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Takes one probe on this instance: the database (with a deadline), Redis as the rate limiter sees it, maintenance
 * mode, the daily checklist's own questions about the last backup and the audit seal (asked of the modules that own
 * them, through their checks), and, when configured, whether the AI service answers (no note is sent).
 */
@Component
class ProbeReader {

    static final String LAST_BACKUP = "Last backup";
    static final String AUDIT_SEALED = "Audit trail sealed";

    private final DatabaseProbe database;
    private final ObjectProvider<RateLimiter> limiter;
    private final Maintenance maintenance;
    private final ObjectProvider<OperationalCheck> checks;
    private final ObjectProvider<NoteService> notes;
    private final StatusProperties properties;

    ProbeReader(DatabaseProbe database, ObjectProvider<RateLimiter> limiter, Maintenance maintenance, ObjectProvider<OperationalCheck> checks,
                ObjectProvider<NoteService> notes, StatusProperties properties) {
        this.database = database;
        this.limiter = limiter;
        this.maintenance = maintenance;
        this.checks = checks;
        this.notes = notes;
        this.properties = properties;
    }

    Readings read() {
        DatabaseProbe.Result db = database.probe();
        RateLimiter l = limiter.getObject();
        RedisStatus redis = l.redisStatus();
        if (redis == RedisStatus.DISCONNECTED) {
            redis = l.redisStatus(); // a process that has not used Redis yet connects on first use
        }
        boolean maintenanceMode = maintenance.current().active();
        Check.Status backup = db.connected() ? verdict(LAST_BACKUP) : Check.Status.SKIPPED;
        Check.Status sealed = db.connected() ? verdict(AUDIT_SEALED) : Check.Status.SKIPPED;
        NoteService n = notes.getIfAvailable();
        Optional<Boolean> ai = n == null ? Optional.empty() : n.aiReachable(properties.vendorCheck());
        return new Readings(db.connected(), Duration.ofNanos((long) (db.latencyMillis() * 1e6)), redis != RedisStatus.DISCONNECTED,
                maintenanceMode, backup, sealed, ai);
    }

    private Check.Status verdict(String name) {
        for (OperationalCheck c : checks) {
            if (c.name().equals(name)) {
                try {
                    List<Check> result = c.run();
                    return result.stream().map(Check::status).reduce(Check.Status.OK, ProbeReader::graver);
                } catch (RuntimeException e) {
                    return Check.Status.FAILURE;
                }
            }
        }
        return Check.Status.SKIPPED;
    }

    private static Check.Status graver(Check.Status a, Check.Status b) {
        if (b == Check.Status.SKIPPED) {
            return a;
        }
        return b.compareTo(a) > 0 ? b : a;
    }
}
