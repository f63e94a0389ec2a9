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
}
