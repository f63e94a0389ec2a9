package io.holi.status.internal;

import io.holi.platform.HoliProperties;
import io.holi.status.ComponentState;
import io.holi.status.MaintenanceWindows;
import io.holi.status.StatusComponent;
import io.holi.status.StatusFile;
import io.holi.status.StatusIncidents;
import io.holi.status.StatusIncidents.PublicIncident;
import io.holi.status.StatusProperties;
import io.holi.status.StatusView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status page's state on this instance: the last probe, and the history, incidents and maintenance windows that
 * probe read from the database. Rendering reads only these, so a reader of the page never waits for the database, and
 * the page can still be rendered (and published) when the database is gone: that is when it matters most.
 */
@Component
public class StatusSnapshots {

    private static final Logger log = LoggerFactory.getLogger(StatusSnapshots.class);
    static final Duration PAST_INCIDENTS = Duration.ofDays(14);
    static final Duration PAST_MAINTENANCE = Duration.ofDays(7);
    static final Duration FRESH_PROBE = Duration.ofSeconds(90);
    static final Duration FILES_CACHE = Duration.ofSeconds(15);

    /** What one probe found, after maintenance windows and incidents had their say. */
    public record Probe(Instant at, boolean databaseUp, Map<StatusComponent, ComponentState> states) {
    }

    private record Files(Probe probe, Instant at, List<StatusFile> files) {
    }

    private final ProbeReader reader;
    private final StatusHistory history;
    private final MaintenanceWindows windows;
    private final ObjectProvider<StatusIncidents> incidents;
    private final StatusRenderer renderer;
    private final StatusProperties properties;
    private final ZoneId zone;
    private final String clinic;

    private volatile Probe last;
    private volatile StatusHistory.History lastHistory = new StatusHistory.History(Map.of(), Map.of());
    private volatile List<PublicIncident> lastIncidents = List.of();
    private volatile List<MaintenanceWindows.Window> lastWindows = List.of();
    private volatile Files files;

    StatusSnapshots(ProbeReader reader, StatusHistory history, MaintenanceWindows windows, ObjectProvider<StatusIncidents> incidents,
                    StatusRenderer renderer, StatusProperties properties, HoliProperties holi) {
        this.reader = reader;
        this.history = history;
        this.windows = windows;
        this.incidents = incidents;
        this.renderer = renderer;
        this.properties = properties;
        this.zone = holi.clinic().timeZone();
        this.clinic = holi.clinic().name();
    }

    /** Probes now: starts and ends due maintenance windows, and applies windows and incidents to what it saw. */
    public Probe probe(Instant now) {
        Readings r = reader.read();
        Map<StatusComponent, ComponentState> probed = ComponentStates.derive(r, properties.slowDatabase());
        if (r.databaseUp()) {
            try {
                windows.advance(now);
                lastWindows = windows.since(now.minus(PAST_MAINTENANCE));
                StatusIncidents source = incidents.getIfAvailable();
                lastIncidents = source == null ? List.of() : source.publicIncidents(now.minus(PAST_INCIDENTS));
            } catch (RuntimeException e) {
                log.warn("Status probe could not read maintenance windows or incidents: {}", e.getMessage());
            }
        }
        Set<StatusComponent> inMaintenance = EnumSet.noneOf(StatusComponent.class);
        lastWindows.stream().filter(w -> w.status() == MaintenanceWindows.Status.IN_PROGRESS).forEach(w -> inMaintenance.addAll(w.components()));
        Map<StatusComponent, ComponentState> byIncidents = new EnumMap<>(StatusComponent.class);
        for (PublicIncident i : lastIncidents) {
            if (!i.resolved()) {
                i.components().forEach((c, s) -> byIncidents.merge(c, s, ComponentState::worse));
            }
        }
        Probe p = new Probe(now, r.databaseUp(), ComponentStates.effective(probed, inMaintenance, byIncidents));
        last = p;
        return p;
    }

    /**
     * Records the probe as its minute's, unless another instance did; the instance that records a minute also rolls the
     * day up and, once an hour, drops probes past their retention.
     */
    public boolean record(Probe p, String instance) {
        if (!p.databaseUp()) {
            return false; // nobody can record a minute without the database: the minute stays missing, and counts as down
        }
        Instant minute = p.at().truncatedTo(ChronoUnit.MINUTES);
        try {
            if (!history.record(minute, p.states(), instance)) {
                return false;
            }
            history.rollUp(LocalDate.ofInstant(minute, zone).minusDays(1), zone);
            if (minute.atZone(zone).getMinute() == 0) {
                history.prune(minute, properties.probeRetention());
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("Status probe of {} not recorded: {}", minute, e.getMessage());
            return false;
        }
    }

    /** Rolls the probes from {@code from} on up into their days again (after probes were written by hand). */
    public synchronized void rollUp(LocalDate from) {
        history.rollUp(from, zone);
        refreshHistory(Instant.now());
        files = null;
    }

    /** Reads the daily roll-ups the page shows (after this minute's probe was recorded, so the page is not a minute behind). */
    public void refreshHistory(Instant now) {
        if (last == null || !last.databaseUp()) {
            return; // the page keeps the history it had
        }
        try {
            lastHistory = history.days(firstDayShown(now));
        } catch (RuntimeException e) {
            log.warn("Status history could not be read: {}", e.getMessage());
        }
    }

    /** The first day the page needs: the oldest bar, or the first of the month when that is older. */
    private LocalDate firstDayShown(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(properties.historyDays() - 1L);
        LocalDate monthStart = today.withDayOfMonth(1);
        return first.isBefore(monthStart) ? first : monthStart;
    }

    public StatusView view(Instant now) {
        Probe p = last;
        if (p == null || p.at().isBefore(now.minus(FRESH_PROBE))) {
            p = probe(now); // no scheduled probe here (a command, or probes turned off)
            refreshHistory(now);
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(properties.historyDays() - 1L);
        LocalDate monthStart = today.withDayOfMonth(1);
        // what the last probe read: a reader of the page never waits for the database
        StatusHistory.History h = lastHistory;
        List<StatusView.Group> groups = new ArrayList<>();
        for (StatusComponent.Group g : StatusComponent.Group.values()) {
            List<StatusView.Component> components = new ArrayList<>();
            for (StatusComponent c : StatusComponent.values()) {
                if (c.group() != g || !p.states().containsKey(c)) {
                    continue; // a component that is not configured (AI summaries without a key) is not shown
                }
                Map<LocalDate, Uptime.DayCounts> counts = h.days().getOrDefault(c, Map.of());
                List<Uptime.Day> shown = new ArrayList<>();
                for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                    shown.add(Uptime.day(d, counts.get(d), h.firstEver().get(c), zone, now));
                }
                List<Uptime.Day> month = new ArrayList<>();
                for (LocalDate d = monthStart; !d.isAfter(today); d = d.plusDays(1)) {
                    month.add(Uptime.day(d, counts.get(d), h.firstEver().get(c), zone, now));
                }
                double monthPercent = Uptime.percent(month);
                components.add(new StatusView.Component(c, p.states().getOrDefault(c, ComponentState.OPERATIONAL),
                        shown.stream().map(StatusSnapshots::bar).toList(), uptime(shown), uptime(month),
                        monthPercent >= properties.sloPercent()));
            }
            if (!components.isEmpty()) {
                groups.add(new StatusView.Group(g, components));
            }
        }
        String[] indicator = ComponentStates.indicator(p.states());
        List<PublicIncident> active = lastIncidents.stream().filter(i -> !i.resolved()).toList();
        List<PublicIncident> past = lastIncidents.stream().filter(PublicIncident::resolved).toList();
        return new StatusView(clinic, p.at(), zone, indicator[0], indicator[1], properties.sloPercent(), properties.publicUrl(), groups,
                active, past, lastWindows.stream().filter(w -> w.status() != MaintenanceWindows.Status.CANCELLED).toList());
    }

    /** The uptime over the days, or "no data" before the first minute was ever recorded (not a reassuring 100 %). */
    private static String uptime(List<Uptime.Day> days) {
        return days.stream().anyMatch(Uptime.Day::hasData) ? Uptime.format(Uptime.percent(days)) : "no data";
    }

    private static StatusView.Day bar(Uptime.Day d) {
        if (!d.hasData()) {
            return new StatusView.Day(d.day(), ComponentState.OPERATIONAL, false, "", d.day() + ": no data");
        }
        String uptime = Uptime.format(d.percent());
        StringBuilder label = new StringBuilder(d.day() + ": " + uptime + " uptime");
        if (d.major() + d.missing() > 0) {
            label.append(", ").append(d.major() + d.missing()).append(" min major outage");
        }
        if (d.partial() > 0) {
            label.append(", ").append(d.partial()).append(" min partial outage");
        }
        if (d.degraded() > 0) {
            label.append(", ").append(d.degraded()).append(" min degraded");
        }
        if (d.maintenance() > 0) {
            label.append(", ").append(d.maintenance()).append(" min maintenance");
        }
        return new StatusView.Day(d.day(), d.state(), true, uptime, label.toString());
    }

    /**
     * The rendered files: rendered again after each probe, and at most {@link #FILES_CACHE} old (the page is public: a
     * burst of readers costs one render).
     */
    public synchronized List<StatusFile> files(Instant now) {
        Files f = files;
        if (f == null || f.probe() != last || f.at().isBefore(now.minus(FILES_CACHE)) || f.at().isAfter(now)) {
            StatusView v = view(now);
            f = new Files(last, now, renderer.render(v));
            files = f;
        }
        return f.files();
    }
}
