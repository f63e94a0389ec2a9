package io.holi.platform.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() {
        TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8"));
        assertThat(proxies.clientIp("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void forwardedForIsReadFromTheRightSkippingTrustedHops() {
        TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8"));
        // client spoofs a first hop; the load balancer (10.0.0.5) appended the real client, then nginx (10.1.1.1)
        assertThat(proxies.clientIp("10.1.1.1", "1.2.3.4, 198.51.100.7, 10.0.0.5")).isEqualTo("198.51.100.7");
    }

    @Test
    void garbageInForwardedForNeverBecomesTheAddress() {
        TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.1"));
        assertThat(proxies.clientIp("127.0.0.1", "'; DROP TABLE users; --")).isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("127.0.0.1", "evil.example.com")).isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("127.0.0.1", "999.1.1.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6PeersWork() {
        TrustedProxies proxies = new TrustedProxies(List.of("::1"));
        assertThat(proxies.clientIp("0:0:0:0:0:0:0:1", "2001:db8::7")).isEqualTo("2001:db8::7");
    }

    @Test
    void aMisconfiguredProxyListFailsAtStart() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("lb.internal"))).hasMessageContaining("not an IP address");
    }

    /** The rule as it was written with regular expressions: the hand-written reading must agree with it everywhere. */
    private static boolean byRegex(String s) {
        var m = java.util.regex.Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$").matcher(s);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return s.contains(":") && s.matches("^[0-9a-fA-F:.]{2,45}$");
    }

    @Test
    void anAddressIsReadAsTheRegularExpressionsReadIt() {
        List<String> fixed = List.of("", ".", "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.002.3.4",
                "1..2.3", ".1.2.3", "1.2.3.", "1234.1.1.1", "1.2.3.4\n", " 1.2.3.4", "::1", ":", "::", "2001:db8::7",
                "::ffff:10.0.0.1", "fe80::1%eth0", "g::1", "1.2.3.4:80", "0:0:0:0:0:0:0:1", "١.٢.٣.٤", "1.2.3.999");
        for (String s : fixed) {
            assertThat(TrustedProxies.isIpLiteral(s)).as(s).isEqualTo(byRegex(s));
        }
        java.util.Random random = new java.util.Random(12);
        String alphabet = "0123456789.:abcfgAF%[] \n٣";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(random.nextBoolean() ? 16 : 50);
            for (int i = 0; i < length; i++) {
                b.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : "0123456789.".charAt(random.nextInt(11)));
            }
            assertThat(TrustedProxies.isIpLiteral(b.toString())).as(b.toString()).isEqualTo(byRegex(b.toString()));
        }
    }
}
