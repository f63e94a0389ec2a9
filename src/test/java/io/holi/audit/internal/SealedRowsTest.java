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

    /** The line as it was first written (per-character appends, the formatter for the time): the bytes must not move. */
    private static String firstWritten(long id, Instant timestamp, String... values) {
        StringBuilder b = new StringBuilder().append(id).append('\t').append(java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC).format(timestamp));
        for (String v : values) {
            b.append('\t');
            if (v == null) {
                b.append("\\N");
                continue;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
        }
        return b.toString();
    }

    @Test
    void theLineIsByteForByteWhatItWasForRandomRowsAndInstants() {
        java.util.Random random = new java.util.Random(2);
        String alphabet = "ab\\\t\n\rN\"{}é€😀 ";
        java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.MIN, Instant.MAX,
                Instant.parse("2024-02-29T12:00:00.123456789Z")));
        for (int n = 0; n < 100_000; n++) {
            instants.add(n % 10 == 0 ? Instant.ofEpochSecond(random.nextLong(-400_000_000_000L, 400_000_000_000L), random.nextInt(1_000_000_000))
                    : Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            String[] values = new String[random.nextInt(4)];
            for (int v = 0; v < values.length; v++) {
                if (random.nextInt(8) == 0) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(12);
                for (int c = 0; c < length; c++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                values[v] = text.toString();
            }
            long id = random.nextLong();
            String before;
            try {
                before = firstWritten(id, t, values);
            } catch (java.time.DateTimeException unwritable) { // Instant.MIN and MAX have no date: refused as before
                assertThatThrownBy(() -> SealedRows.v2Line(id, t, values)).isInstanceOf(unwritable.getClass());
                continue;
            }
            assertThat(SealedRows.v2Line(id, t, values)).as(t + " " + java.util.Arrays.toString(values)).isEqualTo(before);
        }
    }
}
