package io.holi.audit.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The v2 line of an audit row, as plain Java: the fixed text the seal hashes and the archive holds. */
class SealedRowsTest {

    @Test
    void aRowIsOneTabSeparatedLineWithUtcMicrosecondsAndNullsAsBackslashN() {
        String line = SealedRows.v2Line(42, Instant.parse("2026-12-02T19:40:00.000001Z"),
                "3f1c0a2e-0000-4000-8000-000000000001", "dr.ada@clinic.test", "CLINICIAN", "READ", "Patient",
                null, null, "10.0.0.7", "curl/8.5", "req-1", "SUCCESS", "{\"purpose\": \"READ_DEMOGRAPHICS\"}");
        assertThat(line).isEqualTo("42\t2026-12-02T19:40:00.000001Z\t3f1c0a2e-0000-4000-8000-000000000001\tdr.ada@clinic.test\t"
                + "CLINICIAN\tREAD\tPatient\t\\N\t\\N\t10.0.0.7\tcurl/8.5\treq-1\tSUCCESS\t{\"purpose\": \"READ_DEMOGRAPHICS\"}");
        // a whole second still carries its six digits: one text per instant
        assertThat(SealedRows.v2Line(1, Instant.parse("2026-12-02T19:40:00Z"))).isEqualTo("1\t2026-12-02T19:40:00.000000Z");
    }

    @Test
    void tabsNewlinesCarriageReturnsAndBackslashesInAValueAreEscapedSoARowStaysOneLine() {
        String line = SealedRows.v2Line(7, Instant.EPOCH, "evil\tagent\nwith\r\\N inside", "");
        assertThat(line).isEqualTo("7\t1970-01-01T00:00:00.000000Z\tevil\\tagent\\nwith\\r\\\\N inside\t");
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        // an empty string and NULL differ
        assertThat(SealedRows.v2Line(7, Instant.EPOCH, (String) null)).endsWith("\t\\N");
    }

    @Test
    void aFormatThisReleaseDoesNotKnowIsRefusedNotGuessed() {
        assertThat(SealFormat.of("v1")).isEqualTo(SealFormat.V1);
        assertThat(SealFormat.of("v2")).isEqualTo(SealFormat.CURRENT);
        assertThatThrownBy(() -> SealFormat.of("v3")).hasMessageContaining("upgrade holi");
    }
}
