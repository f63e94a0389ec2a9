package io.holi.platform.internal;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the client's address: the connection's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read from the right, skipping trusted hops. Anything that is not an IP literal is
 * ignored, so a forged header can neither inject text nor trigger a DNS lookup.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");

    private final List<IpAddressMatcher> trusted;

    TrustedProxies(List<String> entries) {
        List<IpAddressMatcher> list = new ArrayList<>();
        for (String e : entries) {
            String s = e.trim();
            if (s.isEmpty()) {
                continue;
            }
            String address = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
            if (!isIpLiteral(address)) {
                throw new IllegalArgumentException("holi.web.trusted-proxies: '" + s + "' is not an IP address or CIDR range");
            }
            list.add(new IpAddressMatcher(s));
        }
        this.trusted = List.copyOf(list);
    }

    String clientIp(String remoteAddr, String forwardedFor) {
        String peer = normalize(remoteAddr);
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normalize(hops[i].trim());
            if (hop == null) {
                break;
            }
            candidate = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return candidate;
    }

    boolean isTrusted(String address) {
        return address != null && trusted.stream().anyMatch(m -> m.matches(address));
    }

    private static String normalize(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return isIpLiteral(a) ? a : null;
    }

    static boolean isIpLiteral(String s) {
        var m = IPV4.matcher(s);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return s.contains(":") && IPV6.matcher(s).matches();
    }
}
