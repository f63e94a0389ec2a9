package io.holi.status.internal;

import io.holi.status.ComponentState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class UptimeTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final Instant FIRST = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-01T00:00:00Z");

    private static Uptime.DayCounts counts(int operational, int degraded, int partial, int major, int maintenance) {
        return new Uptime.DayCounts(DAY, operational, degraded, partial, major, maintenance, DAY.atStartOfDay(UTC).toInstant());
    }

    @Test
    void majorOutageMinutesAreDownPartialOnesCount30PercentAndDegradedOnesAreUp() {
        Uptime.Day d = Uptime.day(DAY, counts(1000, 300, 100, 40, 0), FIRST, UTC, LATER);
        assertThat(d.expected()).isEqualTo(1440);
        assertThat(d.percent()).isCloseTo(100 * (1 - 70.0 / 1440), offset(1e-9));
        assertThat(d.state()).isEqualTo(ComponentState.MAJOR_OUTAGE);
        assertThat(Uptime.format(d.percent())).isEqualTo("95.13 %");
    }

    @Test
    void minutesNoProbeRecordedAreDownAndMaintenanceIsNotCounted() {
        Uptime.Day missing = Uptime.day(DAY, counts(1380, 0, 0, 0, 0), FIRST, UTC, LATER);
        assertThat(missing.missing()).isEqualTo(60);
        assertThat(missing.percent()).isCloseTo(100 * (1380.0 / 1440), offset(1e-9));
        Uptime.Day maintained = Uptime.day(DAY, counts(1320, 0, 0, 0, 120), FIRST, UTC, LATER);
        assertThat(maintained.percent()).isEqualTo(100);
        assertThat(maintained.state()).isEqualTo(ComponentState.UNDER_MAINTENANCE);
        Uptime.Day none = Uptime.day(DAY, null, FIRST, UTC, LATER);
        assertThat(none.percent()).isZero();
    }

    @Test
    void daysBeforeTheFirstProbeHaveNoDataAndTheFirstDayCountsFromItsFirstProbe() {
        Uptime.Day before = Uptime.day(DAY.minusDays(1), null, DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), UTC, LATER);
        assertThat(before.hasData()).isFalse();
        Uptime.Day first = Uptime.day(DAY, new Uptime.DayCounts(DAY, 720, 0, 0, 0, 0, DAY.atTime(12, 0).toInstant(ZoneOffset.UTC)),
                DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), UTC, LATER);
        assertThat(first.expected()).isEqualTo(720);
        assertThat(first.percent()).isEqualTo(100);
    }

    @Test
    void todayCountsOnlyTheMinutesThatHavePassed() {
        Instant now = DAY.atTime(10, 30, 20).toInstant(ZoneOffset.UTC);
        Uptime.Day today = Uptime.day(DAY, counts(629, 0, 0, 0, 0), FIRST, UTC, now);
        assertThat(today.expected()).isEqualTo(630);
        assertThat(today.missing()).isEqualTo(1);
    }

    @Test
    void daysAreTheClinicsDaysNotUtcOnes() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Uptime.Day d = Uptime.day(DAY, null, FIRST, berlin, LATER);
        assertThat(d.expected()).isEqualTo(1440);
        Uptime.Day dst = Uptime.day(LocalDate.of(2026, 10, 25), null, Instant.parse("2026-10-01T00:00:00Z"), berlin, LATER);
        assertThat(dst.expected()).as("the day the clocks go back has 25 hours").isEqualTo(1500);
    }

    @Test
    void overSeveralDaysTheMinutesAddUpAndTheFigureIsNeverRoundedUpToAHundred() {
        Uptime.Day good = Uptime.day(DAY, counts(1440, 0, 0, 0, 0), FIRST, UTC, LATER);
        Uptime.Day bad = Uptime.day(DAY, counts(1439, 0, 0, 1, 0), FIRST, UTC, LATER);
        double p = Uptime.percent(List.of(good, bad, good, good, good, good, good, good, good, good));
        assertThat(p).isLessThan(100);
        assertThat(Uptime.format(p)).isEqualTo("99.99 %");
        assertThat(Uptime.format(99.99999)).isEqualTo("99.99 %");
    }
}
