package io.holi.ratelimit.internal;

import io.holi.platform.Caller;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import io.holi.platform.RequestPaths;
import io.holi.ratelimit.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Two checkpoints: per client address before authentication, so floods of bad tokens are cut off before they
 * cost anything; per user after it. Sign-in attempts have limits of their own, applied by the sign-in itself
 * (per address and per account), so every path that reaches it meets them.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitFilters {

    /** Spring Security's filter chain runs at order -100. */
    private static final int BEFORE_SECURITY = -101;
    private static final int AFTER_SECURITY = -99;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> addressRateLimit(RateLimiter limiter, ProblemWriter problems) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String ip = RequestMetadata.ofRequest().map(RequestMetadata::clientIp).orElse(request.getRemoteAddr());
                if (limiter.enabled() && !exempt(request)) {
                    RateLimiter.Decision d = limiter.check(RateLimiter.Limit.IP, String.valueOf(ip));
                    if (!d.allowed()) {
                        reject(response, problems, d, "Too many requests from this address");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
        bean.setOrder(BEFORE_SECURITY);
        return bean;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> userRateLimit(RateLimiter limiter, ProblemWriter problems) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var caller = Caller.currentId();
                if (limiter.enabled() && caller.isPresent()) {
                    RateLimiter.Decision d = limiter.check(RateLimiter.Limit.USER, caller.get().toString());
                    if (!d.allowed()) {
                        reject(response, problems, d, "Too many requests from this user");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
        bean.setOrder(AFTER_SECURITY);
        return bean;
    }

    /**
     * Load balancers poll these; limiting them would turn an overload into an outage. Exactly these routes, as the
     * application resolves the path: anything else under /api/health is limited like every other request.
     */
    private static boolean exempt(HttpServletRequest request) {
        return RequestPaths.isHealthCheck(request);
    }

    private static void reject(HttpServletResponse response, ProblemWriter problems, RateLimiter.Decision d, String what)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(d.retryAfter().toSeconds()));
        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, what + "; try again in " + d.retryAfter().toSeconds() + " s");
    }
}
