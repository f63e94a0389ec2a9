package io.holi.ratelimit.internal;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.holi.ratelimit.RateLimitProperties;
import io.holi.ratelimit.RedisStatus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Buckets in Redis, shared by every instance. Every Redis call goes through a circuit breaker: when Redis
 * fails, the breaker opens and requests pass without asking it (no added latency) until a trial call finds it
 * back. Commands time out fast, and are rejected at once while disconnected instead of queueing.
 */
final class RedisBucketStore implements BucketStore {

    private static final Logger log = LoggerFactory.getLogger(RedisBucketStore.class);

    /** Connecting happens once (and on reconnects), off the request path: it may take longer than a command. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STATUS_BUDGET = Duration.ofSeconds(1);

    private final RedisClient client;
    private final CircuitBreaker breaker;
    private final Counter failOpen;

    private final Duration timeout;
    private final AtomicReference<StatefulRedisConnection<byte[], byte[]>> connection = new AtomicReference<>();
    private final AtomicReference<ProxyManager<byte[]>> buckets = new AtomicReference<>();

    RedisBucketStore(RateLimitProperties properties, MeterRegistry meters) {
        RedisURI uri = RedisURI.create(properties.redisUrl());
        uri.setTimeout(properties.redisTimeout());
        this.timeout = properties.redisTimeout();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(Math.max(CONNECT_TIMEOUT.toMillis(), properties.redisTimeout().toMillis()))).build())
                .build());
        this.breaker = CircuitBreaker.of("redis-rate-limit", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(properties.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        this.failOpen = io.micrometer.core.instrument.Counter.builder("holi_ratelimit_fail_open")
                .description("Requests let through without a rate limit because Redis could not be asked").register(meters);
        io.micrometer.core.instrument.Gauge.builder("holi_redis_up", this, s -> s.breaker.getState() == CircuitBreaker.State.CLOSED
                        && s.connection.get() != null && s.connection.get().isOpen() ? 1 : 0)
                .description("1 while Redis answers the rate limiter, 0 while it fails open").register(meters);
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> log.warn("Rate limiter failing open: Redis unreachable; requests pass without limits until it is back "
                        + "(see docs/runbooks/REDIS_DOWN.md)");
                case CLOSED -> log.info("Redis reachable again: rate limiting resumed");
                default -> {
                }
            }
        });
        // connect now, in the background, so the first request and the first health check find the connection made
        Thread connect = new Thread(() -> {
            try {
                proxies();
            } catch (RuntimeException e) {
                log.warn("Redis not reachable at start ({}); the rate limiter fails open until it is", e.getClass().getSimpleName());
            }
        }, "redis-connect");
        connect.setDaemon(true);
        connect.start();
    }

    @Override
    public Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
        try {
            return Optional.of(breaker.executeSupplier(() -> proxies().getProxy(("holi:rl:" + key)
                    .getBytes(StandardCharsets.UTF_8), () -> configuration).tryConsumeAndReturnRemaining(1)));
        } catch (RuntimeException e) { // CallNotPermittedException included: the breaker is open
            failOpen.increment();
            return Optional.empty();
        }
    }

    private ProxyManager<byte[]> proxies() {
        ProxyManager<byte[]> p = buckets.get();
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (buckets.get() == null) {
                StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
                connection.set(c);
                buckets.set(Bucket4jLettuce.casBasedBuilder(c)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
                        .build());
            }
            return buckets.get();
        }
    }

    /**
     * Connected when Redis answers a ping within {@link #STATUS_BUDGET}. One ping is bounded by the limiter's short
     * command timeout (which fails requests open fast); a status is worth a few tries, so one slow answer on a busy
     * host is not reported as Redis being down.
     */
    @Override
    public RedisStatus redisStatus() {
        long deadline = System.nanoTime() + STATUS_BUDGET.toNanos();
        do {
            try {
                StatefulRedisConnection<byte[], byte[]> c = connection.get();
                if (c == null) {
                    proxies();
                    c = connection.get();
                }
                String pong = c.async().ping().get(Math.max(200, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
                if ("PONG".equals(pong)) {
                    return RedisStatus.CONNECTED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RedisStatus.DISCONNECTED;
            } catch (Exception e) {
                // not answered in time, or not reachable: try again while the budget lasts
            }
            if (!pause()) {
                return RedisStatus.DISCONNECTED;
            }
        } while (System.nanoTime() < deadline);
        return RedisStatus.DISCONNECTED;
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<byte[], byte[]> c = connection.get();
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
