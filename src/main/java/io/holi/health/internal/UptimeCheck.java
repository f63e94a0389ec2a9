package io.holi.health.internal;

import io.holi.health.HealthProperties;
import io.holi.health.MonitoringProperties;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How long each instance (or, without HOLI_OPS_HEALTH_URLS, the database) has been up. */
@Component
class UptimeCheck implements OperationalCheck {

    private final MonitoringProperties monitoring;
    private final HealthProperties health;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    UptimeCheck(MonitoringProperties monitoring, HealthProperties health, JdbcClient jdbc, JsonMapper json) {
        this.monitoring = monitoring;
        this.health = health;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public String name() {
        return "Uptime";
    }

    @Override
    public Cadence cadence() {
        return Cadence.DAILY;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public List<Check> run() {
        List<String> urls = monitoring.instances();
        if (urls.isEmpty()) {
            String up = jdbc.sql("SELECT date_trunc('second', now() - pg_postmaster_start_time())::text").query(String.class).single();
            return List.of(Check.ok("Uptime", "database up " + up, ""));
        }
        StringBuilder sb = new StringBuilder();
        for (String base : urls) {
            sb.append(sb.isEmpty() ? "" : ", ").append(base);
            try {
                Http.Response r = Http.get(base + "/api/health/metrics", "application/json", health.metricsToken());
                if (r.status() != 200) {
                    sb.append(" metrics answered ").append(r.status());
                    continue;
                }
                long s = json.readTree(r.body()).path("system").path("uptime").asLong();
                sb.append(" up ").append(Duration.ofSeconds(s).toString().substring(2).toLowerCase(Locale.ROOT));
            } catch (Exception e) {
                sb.append(" unknown");
            }
        }
        return List.of(Check.ok("Uptime", sb.toString(), ""));
    }
}
