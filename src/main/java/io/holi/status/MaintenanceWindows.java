package io.holi.status;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.platform.HoliException;
import io.holi.platform.Maintenance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduled maintenance: announced on the status page ahead of time, started and completed by holi itself at the
 * times set (the first instance to see a window due moves it on), and, when asked, holding the service in
 * maintenance mode meanwhile ({@code holi maintenance on/off} without anyone awake to type it).
 */
@Service
public class MaintenanceWindows {

    public enum Status { SCHEDULED, IN_PROGRESS, COMPLETED, CANCELLED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Window(UUID id, String title, String description, Instant startsAt, Instant endsAt, Set<StatusComponent> components,
                         boolean maintenanceMode, Status status, String createdBy, Instant createdAt, Instant startedAt,
                         Instant completedAt) {
    }

    static final Duration LONGEST = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Maintenance maintenance;
    private final OperationRecords operations;

    MaintenanceWindows(JdbcClient jdbc, Maintenance maintenance, OperationRecords operations) {
        this.jdbc = jdbc;
        this.maintenance = maintenance;
        this.operations = operations;
    }

    public Window schedule(String title, String description, Instant startsAt, Instant endsAt, Set<StatusComponent> components,
                           boolean maintenanceMode, String actor) {
        if (title == null || title.isBlank()) {
            throw new HoliException(HoliException.Kind.INVALID, "a maintenance window needs a title: what is being done");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new HoliException(HoliException.Kind.INVALID, "a maintenance window must end after it starts");
        }
        if (Duration.between(startsAt, endsAt).compareTo(LONGEST) > 0) {
            throw new HoliException(HoliException.Kind.INVALID, "a maintenance window may last at most 24 hours; announce longer work as several");
        }
        if (endsAt.isBefore(Instant.now())) {
            throw new HoliException(HoliException.Kind.INVALID, "that window ended already: it would never be shown");
        }
        if (components.isEmpty()) {
            throw new HoliException(HoliException.Kind.INVALID, "name the components the maintenance affects");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO holi_ops.maintenance_windows (id, title, description, starts_at, ends_at, components, maintenance_mode, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?::text[], ?, ?)")
                .params(id, title.strip(), description == null ? "" : description.strip(), Timestamp.from(startsAt), Timestamp.from(endsAt),
                        components.stream().map(StatusComponent::id).toArray(String[]::new), maintenanceMode, actor)
                .update();
        Window w = find(id).orElseThrow();
        operations.record("status.maintenance.schedule", id.toString(), Instant.now(), RunOutcome.SUCCESS, facts(w));
        return w;
    }

    public Window cancel(UUID id, String actor) {
        Window w = find(id).orElseThrow(() -> new HoliException(HoliException.Kind.NOT_FOUND, "no maintenance window " + id));
        if (w.status() != Status.SCHEDULED) {
            throw new HoliException(HoliException.Kind.CONFLICT, "only a window that has not started can be cancelled; this one is "
                    + w.status().apiName());
        }
        jdbc.sql("UPDATE holi_ops.maintenance_windows SET status = 'cancelled', completed_at = now() WHERE id = ? AND status = 'scheduled'")
                .param(id).update();
        Map<String, Object> facts = facts(w);
        facts.put("cancelledBy", actor);
        operations.record("status.maintenance.cancel", id.toString(), Instant.now(), RunOutcome.SUCCESS, facts);
        return find(id).orElseThrow();
    }

    public Optional<Window> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(MaintenanceWindows::row).optional();
    }

    /** Windows not yet completed, and those completed or cancelled since {@code since}, by start time. */
    public List<Window> since(Instant since) {
        return jdbc.sql(SELECT + " WHERE status IN ('scheduled', 'in_progress') OR completed_at >= ? ORDER BY starts_at")
                .param(Timestamp.from(since)).query(MaintenanceWindows::row).list();
    }

    /**
     * Starts the windows that are due and completes those that are over. Each move is a conditional update: of
     * several instances looking at once, one moves a window, and only that one turns maintenance mode on or off.
     */
    public void advance(Instant now) {
        for (UUID id : jdbc.sql("UPDATE holi_ops.maintenance_windows SET status = 'in_progress', started_at = ? "
                        + "WHERE status = 'scheduled' AND starts_at <= ? AND ends_at > ? RETURNING id")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now)).query(UUID.class).list()) {
            Window w = find(id).orElseThrow();
            if (w.maintenanceMode()) {
                maintenance.enter("scheduled maintenance: " + w.title(), "maintenance window " + id);
            }
            operations.record("status.maintenance.start", id.toString(), now, RunOutcome.SUCCESS, facts(w));
        }
        for (UUID id : jdbc.sql("UPDATE holi_ops.maintenance_windows SET status = 'completed', completed_at = ? "
                        + "WHERE status IN ('scheduled', 'in_progress') AND ends_at <= ? RETURNING id")
                .params(Timestamp.from(now), Timestamp.from(now)).query(UUID.class).list()) {
            Window w = find(id).orElseThrow();
            // only the mode this window turned on: an engineer's own maintenance (a restore) is not ended by a timer
            if (w.maintenanceMode() && ("maintenance window " + id).equals(maintenance.current().actor())) {
                maintenance.leave();
            }
            operations.record("status.maintenance.complete", id.toString(), now, RunOutcome.SUCCESS, facts(w));
        }
    }

    private static Map<String, Object> facts(Window w) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("title", w.title());
        f.put("startsAt", w.startsAt().toString());
        f.put("endsAt", w.endsAt().toString());
        f.put("components", w.components().stream().map(StatusComponent::id).toList());
        f.put("maintenanceMode", w.maintenanceMode());
        return f;
    }

    private static final String SELECT = "SELECT id, title, description, starts_at, ends_at, components, maintenance_mode, status, "
            + "created_by, created_at, started_at, completed_at FROM holi_ops.maintenance_windows";

    private static Window row(ResultSet rs, int i) throws SQLException {
        Set<StatusComponent> components = EnumSet.noneOf(StatusComponent.class);
        Array a = rs.getArray(6);
        for (Object o : (Object[]) a.getArray()) {
            StatusComponent.byId((String) o).ifPresent(components::add);
        }
        return new Window(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), components, rs.getBoolean(7), Status.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)),
                rs.getString(9), rs.getTimestamp(10).toInstant(), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
