package io.holi.health.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Gives the meters the libraries register without a description their HELP text, so an operator reading
 * {@code /api/health/metrics} (and {@code promtool check metrics}) learns what each one counts. holi's own meters
 * ({@code holi_*}, {@code audit_*}) are described where they are registered; a missing description there stays
 * missing, and the metrics test names it.
 */
@Component
class MeterDescriptions implements MeterFilter {

    private static final Map<String, String> LIBRARY = Map.ofEntries(
            Map.entry("tomcat.sessions.active.current", "HTTP sessions open in Tomcat now"),
            Map.entry("tomcat.sessions.active.max", "Most HTTP sessions open in Tomcat at once"),
            Map.entry("tomcat.sessions.alive.max", "Longest time an expired HTTP session was alive"),
            Map.entry("tomcat.sessions.created", "HTTP sessions Tomcat created"),
            Map.entry("tomcat.sessions.expired", "HTTP sessions that expired"),
            Map.entry("tomcat.sessions.rejected", "HTTP sessions refused because the session limit was reached"),
            Map.entry("tasks.scheduled.execution", "Runs of holi's scheduled tasks (checklists, audit sealing, backups)"),
            Map.entry("tasks.scheduled.execution.active", "Scheduled tasks running now"));

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null || ownMeter(id.getName())) {
            return id;
        }
        String description = LIBRARY.getOrDefault(id.getName(), "Library meter " + id.getName());
        return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
    }

    static boolean ownMeter(String name) {
        return name.startsWith("holi") || name.startsWith("audit");
    }
}
