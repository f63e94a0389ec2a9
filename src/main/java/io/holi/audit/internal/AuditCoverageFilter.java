package io.holi.audit.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditOutcome;
import io.holi.audit.AuditTrail;
import io.holi.audit.PhiRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The backstop behind "every access to PHI is audited": a PHI route that answered 2xx without leaving an audit
 * record is itself recorded (an OPERATION record {@code audit.coverage-gap} with the route), counted in
 * {@code holi_audit_coverage_gaps_total} and logged. The monthly compliance check reports these.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class AuditCoverageFilter extends OncePerRequestFilter {

    static final String GAP = "audit.coverage-gap";
    private static final Logger log = LoggerFactory.getLogger(AuditCoverageFilter.class);

    private final AuditTrail audit;
    private final MeterRegistry meters;

    AuditCoverageFilter(AuditTrail audit, MeterRegistry meters) {
        this.audit = audit;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        String route = (String) request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
        if (response.getStatus() / 100 == 2 && PhiRoutes.isPhi(route) && !PhiRoutes.audited(request)) {
            io.micrometer.core.instrument.Counter.builder("holi_audit_coverage_gaps").tag("route", route)
                    .description("PHI answers sent without an audit record, by route: each one is a bug to fix at once")
                    .register(meters).increment();
            log.error("{} {} answered {} without an audit record", request.getMethod(), route, response.getStatus());
            try {
                audit.record(AuditEvent.of(AuditAction.OPERATION).resource(GAP).outcome(AuditOutcome.FAILED)
                        .detail("operation", GAP).detail("method", request.getMethod()).detail("status", response.getStatus()).build());
            } catch (RuntimeException e) {
                log.error("The audit coverage gap could not be recorded either ({})", e.getClass().getSimpleName());
            }
        }
    }
}
