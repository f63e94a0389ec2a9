package io.holi.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param enabled          off only for benchmarks of the bare request path
 * @param redisUrl         REDIS_URL ({@code redis://[:password@]host:6379[/db]}): buckets shared by every instance;
 *                         without it each instance limits on its own
 * @param perUserPerMinute requests a signed-in user may make per minute
 * @param perIpPerMinute   requests one client address may make per minute
 * @param loginPerMinute   sign-in attempts one client address may make per minute (blunts password guessing)
 * @param loginPerAccountPerMinute sign-in attempts for one account per minute, from any address (blunts guessing
 *                         spread over many addresses)
 * @param anonymousAuditPerMinute audit records that unauthenticated requests from one address may cause per minute;
 *                         beyond it they are refused with 429 and one record says so
 * @param anonymousAuditTotalPerMinute the same over every address together: what anonymous clients can write is
 *                         bounded however many addresses they use
 * @param metricsPerMinute requests for the metrics one address may make per minute (Prometheus scrapes a few)
 * @param redisTimeout     how long a Redis call may take before the limiter fails open
 * @param breakerOpen      after Redis failures, how long to stop asking it (fail open at no cost) before trying again
 */
@ConfigurationProperties("holi.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, String redisUrl,
                                  @DefaultValue("600") int perUserPerMinute, @DefaultValue("1200") int perIpPerMinute,
                                  @DefaultValue("10") int loginPerMinute, @DefaultValue("10") int loginPerAccountPerMinute,
                                  @DefaultValue("60") int anonymousAuditPerMinute,
                                  @DefaultValue("3000") int anonymousAuditTotalPerMinute,
                                  @DefaultValue("60") int metricsPerMinute, @DefaultValue("100ms") Duration redisTimeout,
                                  @DefaultValue("2s") Duration breakerOpen) {

    @Override
    public String toString() {
        return "RateLimitProperties[enabled=" + enabled + ", redis=" + (redisUrl != null && !redisUrl.isBlank()) + "]";
    }
}
