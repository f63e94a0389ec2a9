package io.holi.identity.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.audit.AuditUnavailableException;
import io.holi.identity.IdentityProperties;
import io.holi.identity.SignIn;
import io.holi.platform.RequestMetadata;
import io.holi.ratelimit.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The staff web application's security: a session (in PostgreSQL) instead of a bearer token, CSRF on every form and
 * htmx request, a Content-Security-Policy without inline script or style, no caching of any page, and the same
 * audit of denials as the API. Every path outside {@code /api} is a page; the API's chain keeps {@code /api}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebSecurityConfiguration {

    /** Paths a visitor reaches without signing in: the sign-in steps, the static assets and the public status page. */
    static final String[] OPEN = {"/login", "/login/code", "/login/enrol", "/assets/**", "/webjars/**", "/favicon.ico", "/denied",
            "/status", "/status/**",
            // a reminder's link: the single-use token in the path is the proof (no session, no CSRF token to hold)
            "/r/*"};

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /** Requests for the API and its documentation; everything else is the web application. */
    static final RequestMatcher API = request -> {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/api") || io.holi.platform.RequestPaths.isFhir(path) || path.startsWith("/swagger-ui") || path.startsWith("/v3/api-docs")
                || path.equals("/error");
    };

    /**
     * Spring Session marks a session changed on every request (the request is its new last access) and writes its row,
     * durably, for every page, asset and htmx call; all requests of one browser then queue on that row's lock. Here
     * the row is written only when something else changed or the stored last access is {@link #SESSION_TOUCH} old: the
     * idle logoff may come that much early, never late. Same parameters as Spring Session's own statement.
     *
     * <p>And never by a request older than the row: a request's last access is when it began, so one that began
     * before the row was last written holds a stale copy. Spring Session's own statement lets it write anyway, and
     * a slow request (a browser's favicon) that began before the sign-in changed the session's id (session fixation
     * protection) put the old id back when it ended: the browser's next form found no session and was refused as
     * "This form has expired" (ClinicBrowserTest, under load).
     */
    @Bean
    org.springframework.session.config.SessionRepositoryCustomizer<org.springframework.session.jdbc.JdbcIndexedSessionRepository> throttledSessionTouch() {
        return repository -> repository.setUpdateSessionQuery(UPDATE_SESSION);
    }

    /** How stale a session's stored last access may be (a small part of any idle timeout worth having). */
    static final java.time.Duration SESSION_TOUCH = java.time.Duration.ofSeconds(10);

    static final String UPDATE_SESSION = """
            UPDATE %TABLE_NAME% AS s SET SESSION_ID = v.session_id, LAST_ACCESS_TIME = v.last_access,
                   MAX_INACTIVE_INTERVAL = v.max_inactive, EXPIRY_TIME = v.expiry, PRINCIPAL_NAME = v.principal
            FROM (SELECT CAST(? AS char(36)) AS session_id, CAST(? AS bigint) AS last_access, CAST(? AS integer) AS max_inactive,
                         CAST(? AS bigint) AS expiry, CAST(? AS varchar(100)) AS principal, CAST(? AS char(36)) AS primary_id) AS v
            WHERE s.PRIMARY_ID = v.primary_id AND v.last_access >= s.LAST_ACCESS_TIME
              AND (s.SESSION_ID <> v.session_id OR s.MAX_INACTIVE_INTERVAL <> v.max_inactive
                   OR s.PRINCIPAL_NAME IS DISTINCT FROM v.principal OR v.last_access - s.LAST_ACCESS_TIME >= {touch})
            """.replace("{touch}", Long.toString(SESSION_TOUCH.toMillis()));

    @Bean
    @Order(1)
    SecurityFilterChain pages(HttpSecurity http, SignIn signIn, IdentityProperties properties, AuditTrail audit,
                              RateLimiter limiter) throws Exception {
        PageDenials denials = new PageDenials(audit, limiter);
        http.securityMatcher(request -> !API.matches(request))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers(OPEN).permitAll()
                        .anyRequest().authenticated())
                .csrf(c -> c.ignoringRequestMatchers("/r/*"))
                .addFilterBefore(new SessionCheck(signIn, properties), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(denials::signInFirst).accessDeniedHandler(denials::denied))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=()")));
        return http.build();
    }

    /**
     * Every request of a signed-in session checks the account as it is now: deactivated, signed out everywhere,
     * given a new password or a reset second factor, or past the absolute session lifetime, the session ends. A role
     * change applies at once.
     */
    static final class SessionCheck extends OncePerRequestFilter {
        private final SignIn signIn;
        private final IdentityProperties properties;

        SessionCheck(SignIn signIn, IdentityProperties properties) {
            this.signIn = signIn;
            this.properties = properties;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof SessionAuthentication session) {
                boolean expired = session.signedInAt().plus(properties.sessionAbsoluteTimeout()).isBefore(Instant.now());
                var now = expired ? java.util.Optional.<io.holi.platform.Caller>empty()
                        : signIn.stillValid(session.getPrincipal().id(), session.signedInAt());
                if (now.isEmpty()) {
                    var s = request.getSession(false);
                    if (s != null) {
                        s.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    request.setAttribute(SESSION_ENDED, expired ? "expired" : "ended");
                } else if (now.get().role() != session.getPrincipal().role() || !now.get().email().equals(session.getPrincipal().email())) {
                    var context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new SessionAuthentication(now.get(), session.signedInAt()));
                    SecurityContextHolder.setContext(context);
                    request.getSession().setAttribute("SPRING_SECURITY_CONTEXT", context);
                }
            }
            chain.doFilter(request, response);
        }
    }

    static final String SESSION_ENDED = "holi.session-ended";

    /** Denials on pages: audited as for the API, then a redirect to sign in or the 403 page. */
    static final class PageDenials {
        private final AuditTrail audit;
        private final RateLimiter limiter;

        PageDenials(AuditTrail audit, RateLimiter limiter) {
            this.audit = audit;
            this.limiter = limiter;
        }

        void signInFirst(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
            RequestMetadata m = RequestMetadata.current();
            RateLimiter.AnonymousRecord budget = limiter.anonymousRecord(m.clientIp());
            if (budget == RateLimiter.AnonymousRecord.REFUSE) {
                response.setHeader("Retry-After", "60");
                response.sendError(429, "Too many requests");
                return;
            }
            String ended = (String) request.getAttribute(SESSION_ENDED);
            try {
                audit.record(AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS)
                        .denied(ended != null ? "the session " + ended : "not signed in")
                        .detail("method", m.method()).detail("path", m.path()).build());
            } catch (AuditUnavailableException unavailable) {
                response.sendError(503, "The audit trail cannot be written right now");
                return;
            }
            String target = "/login" + (ended != null ? "?" + ended : "");
            if ("true".equals(request.getHeader("HX-Request"))) {
                // htmx follows HX-Redirect with a full page load
                response.setHeader("HX-Redirect", target);
                response.setStatus(401);
                return;
            }
            if ("GET".equals(request.getMethod())) {
                request.getSession(true).setAttribute(io.holi.identity.WebSessions.RETURN_TO, m.path());
            }
            response.sendRedirect(target);
        }

        void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException, ServletException {
            RequestMetadata m = RequestMetadata.current();
            String reason = e instanceof CsrfException ? "missing or wrong CSRF token" : "role not allowed on this page";
            try {
                audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied(reason)
                        .detail("method", m.method()).detail("path", m.path()).build());
            } catch (AuditUnavailableException unavailable) {
                response.sendError(503, "The audit trail cannot be written right now");
                return;
            }
            response.setStatus(403);
            request.setAttribute("holi.denied-reason", e instanceof CsrfException
                    ? "This form has expired or did not come from holi. Reload the page and try again."
                    : "Your role may not open this page.");
            request.getRequestDispatcher("/denied").forward(request, response);
        }
    }
}
