package io.holi.status.internal;

import io.holi.platform.Check;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * How a probe's readings become the components' states, then what scheduled maintenance and incidents say on top.
 * The rules, and why (docs/decisions.md, "Status page"):
 * <ul>
 *   <li>without the database nothing works: the pages, the API and the audit trail are down, backups cannot run;</li>
 *   <li>Redis down only turns off shared rate limiting (it fails open): the API is degraded, the pages are not;</li>
 *   <li>maintenance mode answers every request with 503: the pages and the API are under maintenance;</li>
 *   <li>AI summaries, when configured, follow the pages, and are in partial outage when the AI service does not answer.</li>
 * </ul>
 */
final class ComponentStates {

    private ComponentStates() {
    }

    static Map<StatusComponent, ComponentState> derive(Readings r, Duration slowDatabase) {
        Map<StatusComponent, ComponentState> s = new EnumMap<>(StatusComponent.class);
        ComponentState front = r.maintenanceMode() ? ComponentState.UNDER_MAINTENANCE
                : r.databaseUp() ? ComponentState.OPERATIONAL : ComponentState.MAJOR_OUTAGE;
        s.put(StatusComponent.WEB_APPLICATION, front);
        s.put(StatusComponent.API, front == ComponentState.OPERATIONAL && !r.redisUp() ? ComponentState.DEGRADED_PERFORMANCE : front);
        s.put(StatusComponent.DATABASE, !r.databaseUp() ? ComponentState.MAJOR_OUTAGE
                : r.databaseLatency().compareTo(slowDatabase) > 0 ? ComponentState.DEGRADED_PERFORMANCE : ComponentState.OPERATIONAL);
        s.put(StatusComponent.BACKUPS, !r.databaseUp() ? ComponentState.PARTIAL_OUTAGE : ofCheck(r.lastBackup()));
        s.put(StatusComponent.AUDIT_TRAIL, !r.databaseUp() ? ComponentState.MAJOR_OUTAGE : ofCheck(r.auditSealed()));
        // summaries need the note (the database) and the AI service; notes themselves work without the service
        r.aiReachable().ifPresent(reachable -> s.put(StatusComponent.AI_SUMMARIES, front == ComponentState.OPERATIONAL && !reachable
                ? ComponentState.PARTIAL_OUTAGE : front));
        return s;
    }

    /** A checklist verdict as a state: a warning is a degradation, a failure a partial outage. */
    static ComponentState ofCheck(Check.Status status) {
        return switch (status) {
            case OK, SKIPPED -> ComponentState.OPERATIONAL;
            case WARNING -> ComponentState.DEGRADED_PERFORMANCE;
            case FAILURE -> ComponentState.PARTIAL_OUTAGE;
        };
    }

    /**
     * The states the page shows and the history keeps: components in a maintenance window are under maintenance
     * (unless graver), and an unresolved incident's stated impact replaces what the probe saw, since people
     * know things a probe cannot.
     */
    static Map<StatusComponent, ComponentState> effective(Map<StatusComponent, ComponentState> probed, Set<StatusComponent> inMaintenance,
                                                          Map<StatusComponent, ComponentState> incidents) {
        Map<StatusComponent, ComponentState> s = new EnumMap<>(probed);
        for (StatusComponent c : inMaintenance) {
            s.put(c, s.getOrDefault(c, ComponentState.OPERATIONAL).worse(ComponentState.UNDER_MAINTENANCE));
        }
        s.putAll(incidents);
        return s;
    }

    /** Statuspage's page indicator and its words, from the worst component. */
    static String[] indicator(Map<StatusComponent, ComponentState> states) {
        ComponentState worst = states.values().stream().reduce(ComponentState.OPERATIONAL, ComponentState::worse);
        return switch (worst) {
            case OPERATIONAL -> new String[]{"none", "All Systems Operational"};
            case UNDER_MAINTENANCE -> new String[]{"maintenance", "Service Under Maintenance"};
            case DEGRADED_PERFORMANCE -> new String[]{"minor", "Minor Service Outage"};
            case PARTIAL_OUTAGE -> new String[]{"major", "Partial System Outage"};
            case MAJOR_OUTAGE -> new String[]{"critical", "Major System Outage"};
        };
    }
}
