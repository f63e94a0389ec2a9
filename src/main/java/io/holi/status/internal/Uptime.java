package io.holi.status.internal;

import io.holi.status.ComponentState;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Uptime from the daily roll-ups, as Atlassian Statuspage counts it: a minute of major outage is a minute down, a
 * minute of partial outage counts 30 % of one, degraded performance counts as up, and maintenance minutes are left
 * out of the count. A minute no probe recorded is a minute down: only a holi that could not reach its database (or
 * was not running at all) leaves a minute without a probe.
 */
final class Uptime {

    static final double PARTIAL_WEIGHT = 0.3;

    private Uptime() {
    }

    /** One component's minutes of one day, by state. {@code firstMinute}: the day's first probe. */
    record DayCounts(LocalDate day, int operational, int degraded, int partial, int major, int maintenance, Instant firstMinute) {
        int observed() {
            return operational + degraded + partial + major + maintenance;
        }
    }

    /**
     * A day's bar.
     *
     * @param expected minutes the page was meant to be observed that day (0: before the first probe ever)
     * @param missing  of those, minutes nobody recorded (counted as major outage)
     * @param percent  the uptime, or 100 when nothing counted
     */
    record Day(LocalDate day, int expected, int missing, int partial, int major, int maintenance, int degraded, double percent) {

        /** The gravest state of the day, for the bar's colour and label. */
        ComponentState state() {
            if (major + missing > 0) {
                return ComponentState.MAJOR_OUTAGE;
            }
            if (partial > 0) {
                return ComponentState.PARTIAL_OUTAGE;
            }
            if (degraded > 0) {
                return ComponentState.DEGRADED_PERFORMANCE;
            }
            return maintenance > 0 ? ComponentState.UNDER_MAINTENANCE : ComponentState.OPERATIONAL;
        }

        boolean hasData() {
            return expected > 0;
        }

        double downMinutes() {
            return major + missing + PARTIAL_WEIGHT * partial;
        }

        int countedMinutes() {
            return Math.max(0, expected - maintenance);
        }
    }

    /**
     * @param counts    the day's roll-up, or null when no probe was recorded that day
     * @param firstEver the first probe ever recorded (days before it have no data), or null when there is none
     * @param now       minutes up to the last whole minute before now are expected
     */
    static Day day(LocalDate day, DayCounts counts, Instant firstEver, ZoneId zone, Instant now) {
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant lastWhole = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
        if (firstEver == null || !firstEver.isBefore(end) || lastWhole.isBefore(start)) {
            return new Day(day, 0, 0, 0, 0, 0, 0, 100);
        }
        Instant from = firstEver.isAfter(start) ? firstEver.truncatedTo(ChronoUnit.MINUTES) : start;
        Instant to = lastWhole.plus(Duration.ofMinutes(1)).isBefore(end) ? lastWhole.plus(Duration.ofMinutes(1)) : end;
        int expected = (int) Math.max(0, Duration.between(from, to).toMinutes());
        int observed = counts == null ? 0 : counts.observed();
        int missing = Math.max(0, expected - observed);
        expected = Math.max(expected, observed);
        DayCounts c = counts == null ? new DayCounts(day, 0, 0, 0, 0, 0, from) : counts;
        int counted = Math.max(0, expected - c.maintenance());
        double down = c.major() + missing + PARTIAL_WEIGHT * c.partial();
        return new Day(day, expected, missing, c.partial(), c.major(), c.maintenance(), c.degraded(), percent(down, counted));
    }

    /** The uptime over several days, in percent (100 when no minute counted). */
    static double percent(List<Day> days) {
        double down = 0;
        long counted = 0;
        for (Day d : days) {
            down += d.downMinutes();
            counted += d.countedMinutes();
        }
        return percent(down, counted);
    }

    private static double percent(double down, long counted) {
        return counted == 0 ? 100 : Math.max(0, 100 * (1 - down / counted));
    }

    /** "99.95 %": two decimals, never rounded up to 100 while anything was down. */
    static String format(double percent) {
        double floored = Math.floor(percent * 100) / 100;
        return String.format(Locale.ROOT, "%.2f %%", floored);
    }
}
