package io.holi.identity.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.audit.AuditUnavailableException;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import io.holi.platform.TokenGrant;
import io.holi.ratelimit.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.util.Locale;

/**
 * Every 401 on a protected route is audited as UNAUTHORIZED_ACCESS and every 403 from the security layer as
 * PERMISSION_DENIED, with the client's address and user agent, before the answer is sent. What unauthenticated
 * clients can write is bounded: past the anonymous budget of their address (or of all addresses together) they
 * get 429 and no record of their own.
 */
final class AuditingSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final AuditTrail audit;
    private final ProblemWriter problems;
    private final RateLimiter limiter;

    AuditingSecurityHandlers(AuditTrail audit, ProblemWriter problems, RateLimiter limiter) {
        this.audit = audit;
        this.problems = problems;
        this.limiter = limiter;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                    "The caller cannot be verified right now (database unreachable). Try again shortly.");
            return;
        }
        String reason = reason(e);
        RequestMetadata m = RequestMetadata.current();
        RateLimiter.AnonymousRecord budget = limiter.anonymousRecord(m.clientIp());
        if (budget == RateLimiter.AnonymousRecord.REFUSE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "60");
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many unauthenticated requests from this address; "
                    + "sign in with POST /api/auth/login, or try again in a minute");
            return;
        }
        try {
            AuditEvent.Builder event = AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS).denied(reason)
                    .detail("method", m.method()).detail("path", m.path());
            if (budget == RateLimiter.AnonymousRecord.WRITE_LAST) {
                event.detail("budget", "spent: further unauthenticated requests from this address are refused with 429 "
                        + "and no record of their own for up to a minute");
            }
            audit.record(event.build());
        } catch (AuditUnavailableException unavailable) {
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required: " + reason
                + ". Sign in with POST /api/auth/login and send the token as 'Authorization: Bearer <token>'.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        RequestMetadata m = RequestMetadata.current();
        boolean scoped = TokenGrant.current().scoped();
        try {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED)
                    .denied(scoped ? "a token limited to FHIR scopes used outside /fhir" : "role not allowed on this route")
                    .detail("method", m.method()).detail("path", m.path()).build());
        } catch (AuditUnavailableException unavailable) {
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
            return;
        }
        problems.write(response, HttpStatus.FORBIDDEN, scoped
                ? "This token is limited to SMART scopes and serves /fhir only; sign in without a scope for the rest of the API"
                : "Your role may not do this");
    }

    /** A short reason for the audit record and the answer; never the token itself. */
    static String reason(AuthenticationException e) {
        if (e instanceof DisabledException) {
            return "the account is deactivated";
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (!(e instanceof InvalidBearerTokenException) && (m.contains("full authentication") || m.contains("not found"))) {
            return "no bearer token";
        }
        if (m.contains("expired")) {
            return "the token has expired";
        }
        if (m.contains("issue time") || m.contains("lifetime")) {
            return String.valueOf(e.getMessage()).replaceFirst("^.*?(the token)", "$1");
        }
        if (m.contains("the iss claim") || m.contains("iss claim")) {
            return "the token was issued by someone else";
        }
        if (m.contains("signature")) {
            return "the token's signature is not valid";
        }
        if (m.contains("algorithm") || m.contains("unsigned") || m.contains("alg")) {
            return "the token's algorithm is not accepted";
        }
        if (m.contains("revoked")) {
            return "the token was revoked by a sign-out";
        }
        if (m.contains("no known user") || m.contains("subject")) {
            return "the token names no known user";
        }
        if (m.contains("malformed") || m.contains("invalid") || m.contains("decode")) {
            return "the token is malformed or not valid";
        }
        return "the token is not valid";
    }
}
