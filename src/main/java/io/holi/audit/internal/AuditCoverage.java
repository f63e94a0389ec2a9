package io.holi.audit.internal;

import io.holi.audit.PhiRoutes;
import io.holi.platform.Check;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Every access to PHI is audited", checked monthly: every PHI route, from the controllers themselves; how many were
 * used this month; and the answers the coverage filter caught without an audit record.
 */
@Component
class AuditCoverage {

    private final ApplicationContext context;
    private final JdbcClient jdbc;

    AuditCoverage(ApplicationContext context, JdbcClient jdbc) {
        this.context = context;
        this.jdbc = jdbc;
    }

    Check check() {
        List<String> routes = phiRoutes();
        Map<String, Long> audited = new LinkedHashMap<>();
        jdbc.sql("SELECT details->>'route', count(*) FROM audit_logs WHERE \"timestamp\" >= now() - interval '30 days' "
                + "AND details->>'route' IS NOT NULL GROUP BY 1").query(rs -> {
            audited.put(rs.getString(1), rs.getLong(2));
        });
        long gaps = jdbc.sql("SELECT count(*) FROM audit_logs WHERE action = 'OPERATION' AND resource = ? "
                + "AND \"timestamp\" >= now() - interval '30 days'").param(AuditCoverageFilter.GAP).query(Long.class).single();
        long used = routes.stream().map(r -> r.substring(r.indexOf(' ') + 1)).distinct().filter(audited::containsKey).count();
        long distinct = routes.stream().map(r -> r.substring(r.indexOf(' ') + 1)).distinct().count();
        return Check.of("Audit coverage", gaps == 0, Check.Status.FAILURE, routes.size() + " PHI routes (" + distinct + " paths), "
                        + used + " used this month, all of them audited; PHI answers without an audit record: " + gaps,
                "0 unaudited PHI answers", "a route answered without auditing: a bug to fix at once (holi_audit_coverage_gaps_total names it)");
    }

    private List<String> phiRoutes() {
        List<String> routes = new ArrayList<>();
        for (String name : context.getBeanNamesForAnnotation(RestController.class)) {
            Class<?> type = ClassUtils.getUserClass(context.getType(name));
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String prefix = base != null && base.path().length > 0 ? base.path()[0] : "";
            for (var m : type.getDeclaredMethods()) {
                RequestMapping rm = AnnotatedElementUtils.findMergedAnnotation(m, RequestMapping.class);
                if (rm == null) {
                    continue;
                }
                String path = prefix + (rm.path().length > 0 ? rm.path()[0] : "");
                if (PhiRoutes.isPhi(path)) {
                    routes.add((rm.method().length > 0 ? rm.method()[0].name() : "ANY") + " " + path);
                }
            }
        }
        return routes;
    }
}
