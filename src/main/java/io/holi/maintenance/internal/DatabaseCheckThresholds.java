package io.holi.maintenance.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The manual's thresholds for the database (2.1 step 4, 2.3, 8.1.3).
 *
 * @param latency            a round trip slower than this warns (the manual: below 50 ms)
 * @param connectionsWarning share of max_connections in use that warns (the manual: below 80 %)
 * @param connectionsFailure share that fails
 * @param replicationLag     replay lag that warns (the manual: "up to date" or below 1 MB)
 * @param diskWarning        share of the disk in use that warns (the manual: target below 70 %)
 * @param diskFailure        share that fails (the manual pages at 85 %)
 */
@ConfigurationProperties("holi.checks.database")
public record DatabaseCheckThresholds(@DefaultValue("50ms") Duration latency, @DefaultValue("0.80") double connectionsWarning,
                                      @DefaultValue("0.95") double connectionsFailure, @DefaultValue("1MB") DataSize replicationLag,
                                      @DefaultValue("0.70") double diskWarning, @DefaultValue("0.85") double diskFailure) {

    public static DatabaseCheckThresholds defaults() {
        return new DatabaseCheckThresholds(Duration.ofMillis(50), 0.80, 0.95, DataSize.ofMegabytes(1), 0.70, 0.85);
    }
}
