package io.holi.status.internal;

import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The probes of each minute and their daily roll-ups (holi_ops.status_probes, holi_ops.status_daily). */
@Repository
class StatusHistory {

    private final JdbcClient jdbc;

    StatusHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the minute's states unless another instance did already; true when this call recorded them. */
    boolean record(Instant minute, Map<StatusComponent, ComponentState> states, String instance) {
        String[] components = states.keySet().stream().map(StatusComponent::id).toArray(String[]::new);
        String[] values = states.values().stream().map(ComponentState::apiName).toArray(String[]::new);
        return jdbc.sql("INSERT INTO holi_ops.status_probes (minute, component, state, instance) "
                        + "SELECT ?, c, s, ? FROM unnest(?::text[], ?::text[]) AS t(c, s) ON CONFLICT DO NOTHING")
                .params(Timestamp.from(minute), instance, components, values).update() > 0;
    }

    /** Rolls the probes of {@code from} and the days since up into their days (in the clinic's zone). */
    void rollUp(LocalDate from, ZoneId zone) {
        jdbc.sql("""
                INSERT INTO holi_ops.status_daily (day, component, operational, degraded, partial, major, maintenance, first_minute)
                SELECT (minute AT TIME ZONE :zone)::date, component,
                       count(*) FILTER (WHERE state = 'operational'), count(*) FILTER (WHERE state = 'degraded_performance'),
                       count(*) FILTER (WHERE state = 'partial_outage'), count(*) FILTER (WHERE state = 'major_outage'),
                       count(*) FILTER (WHERE state = 'under_maintenance'), min(minute)
                FROM holi_ops.status_probes WHERE minute >= :from GROUP BY 1, 2
                ON CONFLICT (day, component) DO UPDATE SET operational = EXCLUDED.operational, degraded = EXCLUDED.degraded,
                    partial = EXCLUDED.partial, major = EXCLUDED.major, maintenance = EXCLUDED.maintenance,
                    first_minute = EXCLUDED.first_minute
                """).param("zone", zone.getId()).param("from", Timestamp.from(from.atStartOfDay(zone).toInstant())).update();
    }

    /** Drops probes older than the retention (their days are rolled up). */
    int prune(Instant now, Duration retention) {
        return jdbc.sql("DELETE FROM holi_ops.status_probes WHERE minute < ?").param(Timestamp.from(now.minus(retention))).update();
    }

    /** The most recent minute recorded, and its states. */
    Optional<Latest> latest() {
        Map<StatusComponent, ComponentState> states = new EnumMap<>(StatusComponent.class);
        Instant[] minute = new Instant[1];
        jdbc.sql("SELECT minute, component, state FROM holi_ops.status_probes "
                        + "WHERE minute = (SELECT max(minute) FROM holi_ops.status_probes)")
                .query(rs -> {
                    minute[0] = rs.getTimestamp(1).toInstant();
                    String state = rs.getString(3);
                    StatusComponent.byId(rs.getString(2)).ifPresent(c -> ComponentState.byApiName(state).ifPresent(s -> states.put(c, s)));
                });
        return minute[0] == null ? Optional.empty() : Optional.of(new Latest(minute[0], states));
    }

    record Latest(Instant minute, Map<StatusComponent, ComponentState> states) {
    }

    /** The roll-ups of the days from {@code from} on, per component; and each component's first probe ever. */
    History days(LocalDate from) {
        Map<StatusComponent, Map<LocalDate, Uptime.DayCounts>> out = new EnumMap<>(StatusComponent.class);
        jdbc.sql("SELECT day, component, operational, degraded, partial, major, maintenance, first_minute "
                        + "FROM holi_ops.status_daily WHERE day >= ?")
                .param(from)
                .query(rs -> {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    Uptime.DayCounts counts = new Uptime.DayCounts(day, rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                            rs.getTimestamp(8).toInstant());
                    StatusComponent.byId(rs.getString(2)).ifPresent(c -> out.computeIfAbsent(c, k -> new HashMap<>()).put(day, counts));
                });
        Map<StatusComponent, Instant> first = new EnumMap<>(StatusComponent.class);
        jdbc.sql("SELECT component, min(first_minute) FROM holi_ops.status_daily GROUP BY component")
                .query(rs -> {
                    Instant t = rs.getTimestamp(2).toInstant();
                    StatusComponent.byId(rs.getString(1)).ifPresent(c -> first.put(c, t));
                });
        return new History(out, first);
    }

    /** @param firstEver each component's first recorded minute: a component added later has no data before it */
    record History(Map<StatusComponent, Map<LocalDate, Uptime.DayCounts>> days, Map<StatusComponent, Instant> firstEver) {
    }
}
