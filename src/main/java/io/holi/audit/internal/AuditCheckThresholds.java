package io.holi.audit.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The manual's thresholds for the audit trail (2.1 steps 1 and 5).
 *
 * @param failedSignInsPerHour failed sign-ins in the last hour from which the daily check warns (the manual: below 10)
 * @param loginFailedPerDay    LOGIN_FAILED records in 24 h above which it fails: potential brute force (the manual: 100)
 * @param unauthorizedPerDay   UNAUTHORIZED_ACCESS records in 24 h above which it fails (the manual: 10)
 * @param sealLag              how old a record may be and still not be sealed into the hash chain
 */
@ConfigurationProperties("holi.checks.audit")
public record AuditCheckThresholds(@DefaultValue("10") long failedSignInsPerHour, @DefaultValue("100") long loginFailedPerDay,
                                   @DefaultValue("10") long unauthorizedPerDay, @DefaultValue("15m") Duration sealLag) {

    public static AuditCheckThresholds defaults() {
        return new AuditCheckThresholds(10, 100, 10, Duration.ofMinutes(15));
    }
}
