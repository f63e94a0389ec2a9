package io.holi.platform.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter, one latency histogram and one log line per request, labelled with the route template (never
 * the raw path, which carries ids, nor the query, which may carry PHI). Requests refused before they reach
 * a controller (401, 429, 413) are labelled with the route they were aiming at.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestObservationFilter extends OncePerRequestFilter {

    static final String USER_ID = "holi.userId";
    private static final Logger log = LoggerFactory.getLogger("io.holi.http");

    private final MeterRegistry meters;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    RequestObservationFilter(MeterRegistry meters,
                             @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.meters = meters;
        this.mappings = mappings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long nanos = System.nanoTime() - start;
            String route = route(request);
            String status = String.valueOf(response.getStatus());
            String method = request.getMethod();
            counters.computeIfAbsent(method + " " + route + " " + status, k -> Counter.builder("http_requests")
                    .description("HTTP requests by method, route template and status")
                    .tags("method", method, "route", route, "status", status).register(meters)).increment();
            timers.computeIfAbsent(method + " " + route, k -> Timer.builder("http_request_duration")
                    .description("HTTP request latency").tags("method", method, "route", route)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10)).register(meters)).record(Duration.ofNanos(nanos));
            Object userId = request.getAttribute(USER_ID);
            var line = (route.startsWith("/api/health") ? log.atDebug() : log.atInfo())
                    .addKeyValue("http.method", method).addKeyValue("http.route", route)
                    .addKeyValue("http.status", response.getStatus()).addKeyValue("duration_ms", nanos / 1_000_000.0);
            if (userId != null) {
                line = line.addKeyValue("user.id", userId);
            }
            long tenths = (nanos + 50_000) / 100_000; // String.format was a measurable part of every request
            line.log("{} {} {} {}.{} ms", method, route, status, tenths / 10, tenths % 10);
            MDC.remove("userId");
        }
    }

    private String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            RequestMappingHandlerMapping m = mappings.getIfAvailable();
            try {
                if (m != null && m.getHandler(request) != null) {
                    pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                }
            } catch (Exception unmatched) {
                // wrong method or media type: no route
            }
        }
        return pattern == null ? "unmatched" : pattern.toString();
    }
}
