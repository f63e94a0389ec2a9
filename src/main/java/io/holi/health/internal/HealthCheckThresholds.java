package io.holi.health.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The manual's thresholds for the instances' health (sections 2.1 and 2.2).
 *
 * @param errorRateWarning share of 5xx answers that warns (the manual: below 1 %)
 * @param errorRateFailure share of 5xx answers that fails
 * @param latencyP95       p95 above which the latency check warns (the manual: below 500 ms)
 * @param tlsWarningDays   a certificate expiring within this many days warns (the manual: 30)
 * @param tlsFailureDays   within this many days fails
 */
@ConfigurationProperties("holi.checks.health")
public record HealthCheckThresholds(@DefaultValue("0.01") double errorRateWarning, @DefaultValue("0.05") double errorRateFailure,
                                   @DefaultValue("500ms") Duration latencyP95, @DefaultValue("30") int tlsWarningDays,
                                   @DefaultValue("7") int tlsFailureDays) {

    /** The defaults, for rules tested without Spring. */
    public static HealthCheckThresholds defaults() {
        return new HealthCheckThresholds(0.01, 0.05, Duration.ofMillis(500), 30, 7);
    }
}
