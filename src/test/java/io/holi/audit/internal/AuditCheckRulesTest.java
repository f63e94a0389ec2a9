package io.holi.audit.internal;

import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail's checklist thresholds (manual 2.1 step 5) as rules. */
class AuditCheckRulesTest {

    private static final AuditCheckThresholds T = AuditCheckThresholds.defaults();

    @Test
    void tenFailedSignInsInAnHourWarn() {
        assertThat(AuditChecks.failedSignIns(9, T).status()).isEqualTo(Check.Status.OK);
        Check busy = AuditChecks.failedSignIns(12, T);
        assertThat(busy.status()).isEqualTo(Check.Status.WARNING);
        assertThat(busy.advice()).contains("FAILED_AUTH.md");
    }

    @Test
    void overAHundredFailedSignInsOrTenUnauthorizedCallsADayFail() {
        List<Check> quiet = AuditChecks.securityEvents(100, 10, 50, T);
        assertThat(quiet).extracting(Check::status).containsOnly(Check.Status.OK);
        List<Check> attack = AuditChecks.securityEvents(102, 11, 3, T);
        assertThat(attack.get(0).status()).isEqualTo(Check.Status.FAILURE);
        assertThat(attack.get(0).advice()).contains("potential brute force");
        assertThat(attack.get(1).status()).isEqualTo(Check.Status.FAILURE);
        assertThat(attack.get(2).status()).isEqualTo(Check.Status.OK);
    }
}
