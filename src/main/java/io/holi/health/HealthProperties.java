package io.holi.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param drain          on SIGTERM, how long readiness reports "not ready" while requests are still served,
 *                       so load balancers stop sending before the server stops accepting
 * @param metricsToken   HOLI_METRICS_TOKEN: when set, /api/health/metrics needs {@code Authorization: Bearer <token>}
 * @param metricsRefresh how often the business gauges are recomputed
 * @param metricsJsonMaxAge how old the counts in the metrics' JSON may be: however often it is asked for, the
 *                       database counts run at most once in this period
 */
@ConfigurationProperties("holi.health")
public record HealthProperties(@DefaultValue("3s") Duration drain, String metricsToken,
                               @DefaultValue("30s") Duration metricsRefresh,
                               @DefaultValue("5s") Duration metricsJsonMaxAge) {

    @Override
    public String toString() {
        return "HealthProperties[drain=" + drain + "]";
    }
}
