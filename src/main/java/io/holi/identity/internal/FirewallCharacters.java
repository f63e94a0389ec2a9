package io.holi.identity.internal;

/**
 * Spring Security's {@code StrictHttpFirewall} rules for header names, header values and parameter names, with the
 * same answers, decided per code point instead of by regular expression. The firewall checks a header every time
 * it is read, and the bearer token is read twice per request (the token resolver and the DPoP matcher): matching
 * a 400-character JWT against {@code \p{IsAssigned}} was 13 % of the service's CPU on the audited read
 * (bench/README.md). Printable ASCII, all a token or a route is made of, is decided without a table lookup.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: the firewall's rule for header and parameter names. */
    static boolean assignedAndNotControl(String s) {
        return allowed(s, false);
    }

    /** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}: the firewall's rule for header values. */
    static boolean headerValue(String s) {
        return allowed(s, true);
    }

    private static boolean allowed(String s, boolean tab) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            int codePoint = s.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
