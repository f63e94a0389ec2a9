package io.holi.platform.internal;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client's address: the connection's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read from the right, skipping trusted hops. Anything that is not an IP literal is
 * ignored, so a forged header can neither inject text nor trigger a DNS lookup.
 */
final class TrustedProxies {


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

    /**
     * Four dot-separated numbers of one to three ASCII digits up to 255, or a string of hex digits, colons and dots
     * (2 to 45 characters) with a colon in it. Read without regular expressions: it runs on every request's peer address.
     */
    static boolean isIpLiteral(String s) {
        return isIpv4(s) || s.indexOf(':') >= 0 && isIpv6Text(s);
    }

    private static boolean isIpv4(String s) {
        int parts = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
                value = value * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && value <= 255 && parts < 3) {
                parts++;
                digits = 0;
                value = 0;
            } else {
                return false;
            }
        }
        return parts == 3 && digits > 0 && value <= 255;
    }

    private static boolean isIpv6Text(String s) {
        if (s.length() < 2 || s.length() > 45) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
