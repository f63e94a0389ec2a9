package io.holi.health.internal;

import io.holi.health.MonitoringProperties;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.ratelimit.RateLimiter;
import io.holi.ratelimit.RedisStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The manual's first step (2.1): the health endpoint of every instance (HOLI_OPS_HEALTH_URLS), or, without it, the
 * database and Redis as this process reaches them.
 */
@Component
class InstanceHealthCheck implements OperationalCheck {

    private final MonitoringProperties monitoring;
    private final JdbcClient jdbc;
    private final ObjectProvider<RateLimiter> limiter;
    private final JsonMapper json;

    InstanceHealthCheck(MonitoringProperties monitoring, JdbcClient jdbc, ObjectProvider<RateLimiter> limiter, JsonMapper json) {
        this.monitoring = monitoring;
        this.jdbc = jdbc;
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    public String name() {
        return "Health";
    }

    @Override
    public Cadence cadence() {
        return Cadence.DAILY;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<Check> run() {
        List<String> urls = monitoring.instances();
        if (urls.isEmpty()) {
            return List.of(database(), redis());
        }
        List<Check> out = new ArrayList<>();
        for (String base : urls) {
            out.add(instance(base));
        }
        return out;
    }

    private Check database() {
        try {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            return Check.ok("Database", "connected", "connected");
        } catch (RuntimeException e) {
            return Check.failure("Database", "unreachable (" + e.getClass().getSimpleName() + ")", "connected",
                    "runbook DATABASE_FAILURE.md");
        }
    }

    private Check redis() {
        RateLimiter l = limiter.getObject();
        RedisStatus s = l.redisStatus();
        if (s == RedisStatus.DISCONNECTED) {
            // a one-shot command connects on first use: ask once more before calling Redis down
            s = l.redisStatus();
        }
        return s == RedisStatus.DISCONNECTED ? Check.warning("Redis", "disconnected", "connected",
                "rate limiting fails open meanwhile (runbook REDIS_DOWN.md)") : Check.ok("Redis", s.label(), "connected");
    }

    private Check instance(String base) {
        String name = "Health " + base;
        try {
            Http.Response r = Http.get(base + "/api/health", "application/json");
            String status = json.readTree(r.body()).path("status").asString();
            if (r.status() == 200 && "healthy".equals(status)) {
                return Check.ok(name, status, "healthy");
            }
            if (r.status() == 200) {
                return Check.warning(name, status, "healthy", "see the health body: " + r.body().strip());
            }
            return Check.failure(name, "HTTP " + r.status() + " " + status, "healthy", "runbook API_SERVER_DOWN.md");
        } catch (Exception e) {
            return Check.failure(name, "unreachable (" + e.getClass().getSimpleName() + ")", "healthy", "runbook API_SERVER_DOWN.md");
        }
    }
}
