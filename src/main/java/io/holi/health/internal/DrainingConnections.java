package io.holi.health.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * While the instance drains ({@link ReadinessDrain}), every answer says {@code Connection: close}: a load balancer's
 * pooled keep-alive connections end cleanly, one after its answer, instead of being cut under a request when the
 * server stops (a POST sent on a cut connection is not retried). A load balancer without active health checks
 * (open-source nginx) still sends new connections until the port closes, and the few queued at that instant are
 * reset: the rolling deploy takes the instance out of nginx first (deploy/local/topology deploy, drill 1).
 */
@Component
@ConditionalOnWebApplication
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class DrainingConnections extends OncePerRequestFilter {

    private final ApplicationAvailability availability;

    DrainingConnections(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        chain.doFilter(request, response);
    }
}
