package io.holi.status.internal;

import io.holi.platform.Check;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StatusChecksTest {

    private static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    private static StatusHistory.History month(int apiMajorMinutes) {
        Map<StatusComponent, Map<LocalDate, Uptime.DayCounts>> days = new EnumMap<>(StatusComponent.class);
        for (StatusComponent c : StatusComponent.values()) {
            Map<LocalDate, Uptime.DayCounts> m = new HashMap<>();
            for (LocalDate d = NOVEMBER; d.getMonthValue() == 11; d = d.plusDays(1)) {
                int major = c == StatusComponent.API && d.equals(NOVEMBER.plusDays(9)) ? apiMajorMinutes : 0;
                m.put(d, new Uptime.DayCounts(d, 1440 - major, 0, 0, major, 0, d.atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
            days.put(c, m);
        }
        Map<StatusComponent, Instant> first = new EnumMap<>(StatusComponent.class);
        days.keySet().forEach(c -> first.put(c, NOVEMBER.atStartOfDay(ZoneOffset.UTC).toInstant()));
        return new StatusHistory.History(days, first);
    }

    @Test
    void aMonthWithin99_9PercentMeetsTheObjective() {
        // 43 minutes of a 30-day month (43,200) is 99.90 %
        Check c = StatusChecks.judge(month(43), NOVEMBER, ZoneOffset.UTC, 99.9, NOW);
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.name()).isEqualTo("Uptime objective, November 2026");
    }

    @Test
    void aMissedObjectiveAsksForAPostmortemNamingTheComponent() {
        Check c = StatusChecks.judge(month(44), NOVEMBER, ZoneOffset.UTC, 99.9, NOW);
        assertThat(c.status()).isEqualTo(Check.Status.WARNING);
        assertThat(c.value()).contains("API 99.89 %", "Database 100.00 %");
        assertThat(c.advice()).contains("missed for API", "postmortem is required");
    }

    @Test
    void everyMorningThePageIsCurrentAndSaysWhatIsNotOperational() {
        assertThat(StatusChecks.judgePage(Optional.empty(), NOW).advice()).contains("is holi serve running");
        var fresh = new StatusHistory.Latest(NOW.minusSeconds(60), Map.of(StatusComponent.API, ComponentState.OPERATIONAL,
                StatusComponent.BACKUPS, ComponentState.DEGRADED_PERFORMANCE));
        Check degraded = StatusChecks.judgePage(Optional.of(fresh), NOW);
        assertThat(degraded.status()).isEqualTo(Check.Status.WARNING);
        assertThat(degraded.value()).isEqualTo("Backups degraded performance");
        var stale = new StatusHistory.Latest(NOW.minusSeconds(600), Map.of(StatusComponent.API, ComponentState.OPERATIONAL));
        assertThat(StatusChecks.judgePage(Optional.of(stale), NOW).value()).isEqualTo("last probe 10 min ago");
        var ok = new StatusHistory.Latest(NOW.minusSeconds(30), Map.of(StatusComponent.API, ComponentState.OPERATIONAL));
        assertThat(StatusChecks.judgePage(Optional.of(ok), NOW).status()).isEqualTo(Check.Status.OK);
    }
}
