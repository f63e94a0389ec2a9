package io.holi.reminders.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.platform.Check;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReminderChecksTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @Test
    void aDayUnderFivePercentFailuresIsOkAndItsCountsAreReported() {
        List<Check> c = ReminderChecks.judge(DAY, Map.of("sent", 90L, "delivered", 5L, "failed", 4L, "opted_out", 3L), 0, List.of());
        assertThat(c).extracting(Check::status).containsOnly(Check.Status.OK);
        assertThat(c.get(0).value()).isEqualTo("95 sent, 4 failed (4.0 %), 3 opted out, 0 not sent (vendor disabled)");
        assertThat(c.get(0).name()).isEqualTo("Reminders 2026-12-01");
    }

    @Test
    void overFivePercentWarnsAStuckOutboxFailsAndAnUnsignedVendorWarns() {
        List<Check> c = ReminderChecks.judge(DAY, Map.of("sent", 90L, "failed", 6L), 16 * 60,
                List.of("Twilio: BAA required, not signed: sms reminders are not sent"));
        assertThat(c.get(0).status()).isEqualTo(Check.Status.WARNING);
        assertThat(c.get(1).status()).isEqualTo(Check.Status.FAILURE);
        assertThat(c.get(2).status()).isEqualTo(Check.Status.WARNING);
        assertThat(c.get(2).value()).contains("Twilio: BAA required, not signed");
    }

    @Test
    void aQuietDayIsOk() {
        assertThat(ReminderChecks.judge(DAY, Map.of(), 0, List.of())).extracting(Check::status).containsOnly(Check.Status.OK);
    }
}
