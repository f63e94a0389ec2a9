package io.holi.status.internal;

import io.holi.platform.Check;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import io.holi.status.StatusProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checklists' questions about the status page: every morning, what the page says and whether it is being kept
 * up to date (manual 2.1 step 1); every month, whether the uptime objective was met (6.1), or a postmortem is due.
 */
@Configuration(proxyBeanMethods = false)
class StatusChecks {

    /** Probes older than this mean no instance is probing (or none can record): the published page is going stale. */
    static final Duration STALE = Duration.ofMinutes(5);

    @Bean
    OperationalCheck statusPageCheck(StatusHistory history) {
        return OperationalCheck.of("Status page", Cadence.DAILY, 15, () -> List.of(judgePage(history.latest(), Instant.now())));
    }

    static Check judgePage(Optional<StatusHistory.Latest> latest, Instant now) {
        if (latest.isEmpty()) {
            return Check.warning("Status page", "never probed", "probed every minute", "is holi serve running? (holi status show)");
        }
        Duration age = Duration.between(latest.get().minute(), now);
        if (age.compareTo(STALE) > 0) {
            return Check.warning("Status page", "last probe " + age.toMinutes() + " min ago", "probed every minute",
                    "no instance probes: is holi serve running and reaching its database? The published page is going stale");
        }
        List<String> notOperational = latest.get().states().entrySet().stream().filter(e -> e.getValue() != ComponentState.OPERATIONAL)
                .map(e -> e.getKey().label() + " " + e.getValue().label().toLowerCase(Locale.ROOT)).toList();
        return Check.of("Status page", notOperational.isEmpty(), Check.Status.WARNING,
                notOperational.isEmpty() ? "all components operational" : String.join(", ", notOperational), "all operational",
                "see the status page and its runbooks; tell the clinic with an incident's public update (holi incident …)");
    }

    @Bean
    OperationalCheck uptimeObjectiveCheck(StatusHistory history, StatusProperties properties, HoliProperties holi) {
        return OperationalCheck.of("Uptime objective, last month", Cadence.MONTHLY, 5, () -> {
            ZoneId zone = holi.clinic().timeZone();
            LocalDate first = LocalDate.now(zone).withDayOfMonth(1).minusMonths(1);
            return List.of(judge(history.days(first), first, zone, properties.sloPercent(), Instant.now()));
        });
    }

    /** The month starting {@code first}: every component at or above the objective, or which missed it. */
    static Check judge(StatusHistory.History h, LocalDate first, ZoneId zone, double slo, Instant now) {
        List<String> missed = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (StatusComponent c : StatusComponent.values()) {
            if (h.firstEver().get(c) == null) {
                continue; // never probed (AI summaries without a key)
            }
            Map<LocalDate, Uptime.DayCounts> counts = h.days().getOrDefault(c, Map.of());
            List<Uptime.Day> days = new ArrayList<>();
            for (LocalDate d = first; d.isBefore(first.plusMonths(1)); d = d.plusDays(1)) {
                days.add(Uptime.day(d, counts.get(d), h.firstEver().get(c), zone, now));
            }
            double p = Uptime.percent(days);
            all.add(c.label() + " " + Uptime.format(p));
            if (p < slo) {
                missed.add(c.label());
            }
        }
        return Check.of("Uptime objective, " + first.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
                        + first.getYear(), missed.isEmpty(), Check.Status.WARNING, String.join(", ", all), "≥ " + slo + " % each",
                "missed for " + String.join(", ", missed) + ": a postmortem is required (manual 6.1): holi incident declare, then "
                        + "holi incident postmortem");
    }
}
