package io.holi.identity.internal;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * holi's firewall rules answer exactly as Spring Security's regular expressions do: for every Unicode code point,
 * for surrogates paired, unpaired and reversed, and through Spring's own default firewall for the first 12,288
 * code points.
 */
class FirewallCharactersTest {

    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsDecidedAsSpringSecuritysPatternsDecideIt() {
        int allowed = 0;
        List<String> decidedOtherwise = new ArrayList<>(); // one assertion over 1.1 million code points
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "Bearer a" + new String(Character.toChars(cp)) + "z";
            boolean name = FirewallCharacters.assignedAndNotControl(s);
            if (name != NAMES.matcher(s).matches()) {
                decidedOtherwise.add(String.format("name U+%04X", cp));
            }
            if (FirewallCharacters.headerValue(s) != VALUES.matcher(s).matches()) {
                decidedOtherwise.add(String.format("value U+%04X", cp));
            }
            allowed += name ? 1 : 0;
        }
        assertThat(decidedOtherwise).as("code points holi decides otherwise than Spring Security's patterns").isEmpty();
        // most code points are refused (unassigned), the printable ones are allowed: the comparison is not vacuous
        assertThat(allowed).isBetween(100_000, 1_000_000);
        assertThat(FirewallCharacters.headerValue("a\tb")).isTrue();
        assertThat(FirewallCharacters.assignedAndNotControl("a\tb")).isFalse();
    }

    @Test
    void surrogatesAndTokensAreDecidedAsThePatternsDecideThem() {
        List<String> samples = List.of("", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_", "\uD83D\uDE00", "\uD800", "\uDC00",
                "\uDC00\uD800", "a\uD800b", "\uD83D", "x\u0000", "\u007F", "\u0085", "\u00A0", "\u2028", "\uFFFF", "\uFFFE",
                "\uE000", "\uDB80\uDC00", "\uD8C0\uDC00", "\t\t", "\r\n");
        for (String s : samples) {
            assertThat(FirewallCharacters.assignedAndNotControl(s)).as("name %s", s.codePoints().boxed().toList())
                    .isEqualTo(NAMES.matcher(s).matches());
            assertThat(FirewallCharacters.headerValue(s)).as("value %s", s.codePoints().boxed().toList())
                    .isEqualTo(VALUES.matcher(s).matches());
        }
    }

    @Test
    void theFirewallAnswersAsSpringSecuritysDefaultFirewall() {
        StrictHttpFirewall springs = new StrictHttpFirewall();
        StrictHttpFirewall holis = SecurityConfiguration.firewall();
        for (int cp = 0; cp < 0x3000; cp++) {
            String c = new String(Character.toChars(cp));
            assertThat(reads(holis, "X-Test", "v" + c)).as("value U+%04X", cp).isEqualTo(reads(springs, "X-Test", "v" + c));
            assertThat(reads(holis, "X-" + c, "v")).as("name U+%04X", cp).isEqualTo(reads(springs, "X-" + c, "v"));
        }
    }

    private static boolean reads(StrictHttpFirewall firewall, String name, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/patients");
        request.addHeader(name, value);
        FirewalledRequest firewalled = firewall.getFirewalledRequest(request);
        try {
            return value.equals(firewalled.getHeader(name));
        } catch (RequestRejectedException refused) {
            return false;
        }
    }
}
