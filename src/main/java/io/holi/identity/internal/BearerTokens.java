package io.holi.identity.internal;

import io.holi.platform.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the token from {@code Authorization: Bearer <token>} (RFC 6750), the header only. Spring Security's
 * resolver checks the same grammar with a case-insensitive regular expression that cost a quarter of the CPU
 * of an audited read (measured with JFR, bench/README.md); this checks it with a loop.
 */
final class BearerTokens implements BearerTokenResolver {

    private static final String PREFIX = "bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        String path = RequestPaths.resolved(request);
        if (path.equals("/api/auth/login") || RequestPaths.isMonitoring(request) || RequestPaths.isWebhook(path)
                || RequestPaths.FHIR_OPEN.contains(path) || path.equals(RequestPaths.FHIR_TOKEN)
                || path.startsWith("/api/docs")
                || path.startsWith("/api/openapi.json") || path.startsWith("/api/swagger-ui") || path.startsWith("/swagger-ui")) {
            return null; // open routes ignore a stale token instead of refusing the request (the webhook checks its own)
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = header.substring(PREFIX.length());
        if (!isB64Token(token)) {
            throw new InvalidBearerTokenException("Bearer token is malformed");
        }
        return token;
    }

    /** b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
    static boolean isB64Token(String t) {
        int n = t.length();
        int end = n;
        while (end > 0 && t.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
