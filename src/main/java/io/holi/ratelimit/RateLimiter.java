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

    public enum Limit {
        USER, IP, LOGIN, LOGIN_ACCOUNT, ANONYMOUS_AUDIT, ANONYMOUS_AUDIT_TOTAL,
        /** one token a minute: whether the record "this address ran out of anonymous audit budget" is due */
        ANONYMOUS_AUDIT_EXHAUSTED, METRICS
    }

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
        io.micrometer.core.instrument.Counter.builder("holi_ratelimit_fail_open")
                .description("Requests let through without a rate limit because Redis could not be asked").register(meters);
        this.store = store;
        this.properties = properties;
        configurations.put(Limit.USER, perMinute(properties.perUserPerMinute()));
        configurations.put(Limit.IP, perMinute(properties.perIpPerMinute()));
        configurations.put(Limit.LOGIN, perMinute(properties.loginPerMinute()));
        configurations.put(Limit.LOGIN_ACCOUNT, perMinute(properties.loginPerAccountPerMinute()));
        configurations.put(Limit.ANONYMOUS_AUDIT, perMinute(properties.anonymousAuditPerMinute()));
        configurations.put(Limit.ANONYMOUS_AUDIT_TOTAL, perMinute(properties.anonymousAuditTotalPerMinute()));
        configurations.put(Limit.ANONYMOUS_AUDIT_EXHAUSTED, perMinute(1));
        configurations.put(Limit.METRICS, perMinute(properties.metricsPerMinute()));
        for (Limit l : Limit.values()) {
            String name = l.name().toLowerCase();
            allowed.put(l, decisions(meters, name, "allowed"));
            rejected.put(l, decisions(meters, name, "rejected"));
        }
    }

    private static Counter decisions(MeterRegistry meters, String limit, String decision) {
        return Counter.builder("holi_ratelimit_decisions").description("Rate-limit decisions by limit and outcome")
                .tag("limit", limit).tag("decision", decision).register(meters);
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

    /** Whether an unauthenticated request's audit record is written, and what the answer is. */
    public enum AnonymousRecord {
        /** write it, answer as usual */
        WRITE,
        /** write it, noting that the address has used its budget, answer as usual */
        WRITE_LAST,
        /** write nothing and answer 429: the address (or every anonymous client together) used the budget */
        REFUSE
    }

    /**
     * The budget of audit records that unauthenticated requests may cause: per client address and over all of
     * them, so that nothing an anonymous client sends writes unbounded rows. The request that first finds the
     * budget spent still leaves one record saying so; the next ones, until it refills, leave none.
     */
    public AnonymousRecord anonymousRecord(String clientIp) {
        if (!properties.enabled()) {
            return AnonymousRecord.WRITE;
        }
        String ip = String.valueOf(clientIp);
        // every record but one a minute takes a token of the budget over all addresses: that one bounds the rows
        if (!check(Limit.ANONYMOUS_AUDIT, ip).allowed()) {
            return check(Limit.ANONYMOUS_AUDIT_EXHAUSTED, ip).allowed() && check(Limit.ANONYMOUS_AUDIT_TOTAL, "all").allowed()
                    ? AnonymousRecord.WRITE_LAST : AnonymousRecord.REFUSE;
        }
        if (!check(Limit.ANONYMOUS_AUDIT_TOTAL, "all").allowed()) {
            return check(Limit.ANONYMOUS_AUDIT_EXHAUSTED, "all").allowed() ? AnonymousRecord.WRITE_LAST : AnonymousRecord.REFUSE;
        }
        return AnonymousRecord.WRITE;
    }

    public RedisStatus redisStatus() {
        return store.redisStatus();
    }
}
