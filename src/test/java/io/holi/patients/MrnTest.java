package io.holi.patients;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MrnTest {

    @Test
    void mrnsCarryALuhnCheckDigitThatCatchesATypo() throws Exception {
        Class<?> mrn = Class.forName("io.holi.patients.internal.Mrn");
        var of = mrn.getDeclaredMethod("of", long.class);
        var valid = mrn.getDeclaredMethod("valid", String.class);
        of.setAccessible(true);
        valid.setAccessible(true);
        String m = (String) of.invoke(null, 100001L);
        assertThat(m).isEqualTo("H001000017");
        assertThat((boolean) valid.invoke(null, m)).isTrue();
        assertThat((boolean) valid.invoke(null, "H001000018")).isFalse(); // one digit mistyped
        assertThat((boolean) valid.invoke(null, "H001001017")).isFalse();
        assertThat((boolean) valid.invoke(null, "H001001015")).isTrue();
    }
}
