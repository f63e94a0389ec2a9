package io.holi.crypto.internal;

import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The monthly encryption review as a rule. */
class EncryptionCheckRulesTest {

    private static final Duration YEAR = Duration.ofDays(365);

    @Test
    void valuesOnOlderKeysOrAnOldKeyWarnAndColumnsAcceptingPlaintextFail() {
        assertThat(EncryptionCheck.judge(2, Duration.ofDays(10), 0, true, YEAR).status()).isEqualTo(Check.Status.OK);
        assertThat(EncryptionCheck.judge(2, Duration.ofDays(10), 5, true, YEAR).status()).isEqualTo(Check.Status.WARNING);
        assertThat(EncryptionCheck.judge(1, Duration.ofDays(400), 0, true, YEAR).status()).isEqualTo(Check.Status.WARNING);
        Check plain = EncryptionCheck.judge(1, Duration.ofDays(1), 0, false, YEAR);
        assertThat(plain.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(plain.value()).contains("ciphertext only: NO");
    }
}
