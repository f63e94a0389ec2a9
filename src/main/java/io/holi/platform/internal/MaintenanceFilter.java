package io.holi.platform.internal;

import io.holi.platform.Maintenance;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** While maintenance mode is on (a restore into the live database), everything but the health checks and the metrics gets 503. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class MaintenanceFilter extends OncePerRequestFilter {

    private final Maintenance maintenance;
    private final ProblemWriter problems;

    MaintenanceFilter(Maintenance maintenance, ProblemWriter problems) {
        this.maintenance = maintenance;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!RequestPaths.isMonitoring(request) && !RequestPaths.isMaintenanceControl(request)) {
            Maintenance.State state = maintenance.current();
            if (state.active() && RequestPaths.isPage(request)) {
                response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, "60");
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Maintenance — holi</title>"
                        + "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\" class=\"narrow\">"
                        + "<h1>holi is in maintenance</h1><p>Nothing can be read or changed until it ends. Try again in a few minutes.</p>"
                        + "<p>Administrators: <a href=\"/admin/maintenance\">maintenance</a>.</p></main></body></html>");
                return;
            }
            if (state.active()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "60");
                problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "holi is in maintenance ("
                        + (state.reason() == null ? "no reason given" : state.reason()) + ", since " + state.since()
                        + "); nothing can be read or changed until it ends");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
