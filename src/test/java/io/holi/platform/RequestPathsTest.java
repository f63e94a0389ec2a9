package io.holi.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTest {

    /** The rule as it was written with a regular expression. */
    private static final Pattern PATIENT_BY_ID =
            Pattern.compile("/api/patients/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Test
    void onlyAPlainPatientReadConfirmsTheCallerInItsStatement() {
        String id = UUID.randomUUID().toString();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/patients/" + id)).isTrue();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/patients/" + id.toUpperCase())).isTrue();
        assertThat(RequestPaths.confirmsCallerInStatement("POST", "/api/patients/" + id)).isFalse();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/patients/" + id + "/notes")).isFalse();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/patients/" + id.replace("-", ""))).isFalse();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/patients/%3" + id.substring(2))).isFalse();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", "/api/Patients/" + id)).isFalse();
        assertThat(RequestPaths.confirmsCallerInStatement("GET", null)).isFalse();
    }

    @Test
    void thePathIsReadAsTheRegularExpressionReadIt() {
        Random random = new Random(18);
        String alphabet = "0123456789abcdefABCDEFgG-/%;.x٣";
        for (int n = 0; n < 200_000; n++) {
            char[] path = ("/api/patients/" + UUID.randomUUID()).toCharArray();
            StringBuilder b = new StringBuilder(new String(path));
            int changes = random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(b.length() + 1);
                char ch = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> b.insert(at, ch);
                    case 1 -> { if (at < b.length()) b.setCharAt(at, ch); }
                    default -> { if (at < b.length()) b.deleteCharAt(at); }
                }
            }
            String s = b.toString();
            assertThat(RequestPaths.confirmsCallerInStatement("GET", s)).as(s).isEqualTo(PATIENT_BY_ID.matcher(s).matches());
        }
        for (String s : List.of("", "/api/patients/", "/api/patients/-", "/api/patients/00000000-0000-0000-0000-00000000000")) {
            assertThat(RequestPaths.confirmsCallerInStatement("GET", s)).as(s).isEqualTo(PATIENT_BY_ID.matcher(s).matches());
        }
    }
}
