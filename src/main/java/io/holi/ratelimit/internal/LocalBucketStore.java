package io.holi.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.holi.ratelimit.RedisStatus;

import java.time.Duration;
import java.util.Optional;

/** Buckets in this process: each instance limits on its own (no REDIS_URL). */
final class LocalBucketStore implements BucketStore {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5)).maximumSize(200_000).build();

    @Override
    public Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
        return Optional.of(bucket.tryConsumeAndReturnRemaining(1));
    }

    @Override
    public RedisStatus redisStatus() {
        return RedisStatus.NOT_CONFIGURED;
    }
}
