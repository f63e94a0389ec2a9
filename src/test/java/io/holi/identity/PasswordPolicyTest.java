package io.holi.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The password rule as a rule: no Spring, no database. */
class PasswordPolicyTest {

    @Test
    void theCommonListHasTheTenThousandPasswordsAndIsRefusedWhateverTheLetterCase() {
        // 12 letters or more, and in the list: the length rule alone would let these through
        for (String common : new String[]{"unbelievable", "MasterBating", "pornographic", "scandinavian"}) {
            assertThat(PasswordPolicy.problem(common)).as(common).hasValueSatisfying(p -> assertThat(p).contains("most common"));
        }
    }

    @Test
    void aCommonPasswordWithDigitsOrSymbolsAddedIsRefused() {
        assertThat(PasswordPolicy.problem("password123456")).hasValueSatisfying(p -> assertThat(p).contains("digits or symbols"));
        assertThat(PasswordPolicy.problem("Dragon2024!!!!")).hasValueSatisfying(p -> assertThat(p).contains("digits or symbols"));
        assertThat(PasswordPolicy.problem("letmein-00000")).isPresent();
    }

    @Test
    void shortLongAndMonotonousPasswordsAreRefusedWithTheReason() {
        assertThat(PasswordPolicy.problem("short")).contains("must be at least 12 characters");
        assertThat(PasswordPolicy.problem("x".repeat(129))).contains("must be at most 128 characters");
        assertThat(PasswordPolicy.problem("aaaaaaaaaaaaaaaa")).contains("must use more than three different characters");
        assertThat(PasswordPolicy.problem(null)).contains("is required");
    }

    @Test
    void ordinaryPassphrasesPass() {
        assertThat(PasswordPolicy.problem("correct horse battery staple")).isEmpty();
        assertThat(PasswordPolicy.problem("demo-password-123")).isEmpty();
        assertThat(PasswordPolicy.problem("sunshine-garden-42")).isEmpty();
    }
}
