package io.holi.maintenance.internal;

import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The database checks' thresholds (manual 2.1 step 4, 2.3, 8.1.3) as rules. */
class DatabaseCheckRulesTest {

    private static final DatabaseCheckThresholds T = DatabaseCheckThresholds.defaults();

    @Test
    void aRoundTripOf50MillisecondsWarns() {
        assertThat(DatabaseChecks.latency(0.4, T).status()).isEqualTo(Check.Status.OK);
        assertThat(DatabaseChecks.latency(50, T).status()).isEqualTo(Check.Status.WARNING);
    }

    @Test
    void connectionsWarnFrom80PercentFailFrom95AndAreKeptForTheMonthlyPeak() {
        Check fine = DatabaseChecks.connections(20, 100, T);
        assertThat(fine.status()).isEqualTo(Check.Status.OK);
        assertThat(fine.facts()).containsEntry("connections", 20L);
        assertThat(DatabaseChecks.connections(80, 100, T).status()).isEqualTo(Check.Status.WARNING);
        assertThat(DatabaseChecks.connections(95, 100, T).status()).isEqualTo(Check.Status.FAILURE);
    }

    @Test
    void aMegabyteOfReplicationLagWarns() {
        assertThat(DatabaseChecks.lag(0, "up to date", T).status()).isEqualTo(Check.Status.OK);
        assertThat(DatabaseChecks.lag(2 * 1024 * 1024, "2048 KB", T).status()).isEqualTo(Check.Status.WARNING);
    }

    @Test
    void theDiskWarnsFrom70PercentAndFailsFrom85() {
        assertThat(CapacityCheck.judge("db; ", Optional.of(new CapacityCheck.Disk(0.69, "x")), T).status()).isEqualTo(Check.Status.OK);
        assertThat(CapacityCheck.judge("db; ", Optional.of(new CapacityCheck.Disk(0.70, "x")), T).status()).isEqualTo(Check.Status.WARNING);
        Check full = CapacityCheck.judge("db; ", Optional.of(new CapacityCheck.Disk(0.90, "x")), T);
        assertThat(full.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(full.value()).contains("disk 90 % used (x)");
        assertThat(CapacityCheck.judge("db; ", Optional.empty(), T).value()).contains("disk not visible from here");
    }
}
