package io.holi.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.holi.ratelimit.internal.BucketStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets per user, per client address and for sign-in attempts (Bucket4j). With Redis the buckets are
 * shared by every instance; when Redis cannot be reached the limiter fails open: requests pass, a counter
 * and a log line say so, and limiting resumes by itself when Redis is back. A Redis outage never blocks care.
 */
@Service
public class RateLimiter {

    public enum Limit { USER, IP, LOGIN }

    /** The answer: allowed, or rejected with how long to wait. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    private final BucketStore store;
    private final RateLimitProperties properties;
    private final Map<Limit, BucketConfiguration> configurations = new EnumMap<>(Limit.class);
    private final Map<Limit, Counter> allowed = new EnumMap<>(Limit.class);
    private final Map<Limit, Counter> rejected = new EnumMap<>(Limit.class);

    RateLimiter(BucketStore store, RateLimitProperties properties, MeterRegistry meters) {
        // exported (at 0) without Redis too, so dashboards and alerts see the series on every instance
        meters.counter("holi_ratelimit_fail_open");
        this.store = store;
        this.properties = properties;
        configurations.put(Limit.USER, perMinute(properties.perUserPerMinute()));
        configurations.put(Limit.IP, perMinute(properties.perIpPerMinute()));
        configurations.put(Limit.LOGIN, perMinute(properties.loginPerMinute()));
        for (Limit l : Limit.values()) {
            String name = l.name().toLowerCase();
            allowed.put(l, meters.counter("holi_ratelimit_decisions", "limit", name, "decision", "allowed"));
            rejected.put(l, meters.counter("holi_ratelimit_decisions", "limit", name, "decision", "rejected"));
        }
    }

    private static BucketConfiguration perMinute(int n) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(n).refillGreedy(n, Duration.ofMinutes(1)).build()).build();
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** Takes one token from the bucket of {@code key} under {@code limit}. */
    public Decision check(Limit limit, String key) {
        if (!properties.enabled()) {
            return Decision.ALLOWED;
        }
        Optional<ConsumptionProbe> probe = store.tryConsume(limit.name().toLowerCase() + ":" + key, configurations.get(limit));
        if (probe.isEmpty() || probe.get().isConsumed()) {
            allowed.get(limit).increment();
            return Decision.ALLOWED;
        }
        rejected.get(limit).increment();
        long nanos = probe.get().getNanosToWaitForRefill();
        return new Decision(false, Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L)));
    }

    public RedisStatus redisStatus() {
        return store.redisStatus();
    }
}
