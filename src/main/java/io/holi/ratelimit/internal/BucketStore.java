package io.holi.ratelimit.internal;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.holi.ratelimit.RedisStatus;

import java.util.Optional;

/** Where buckets live: in this process, or in Redis. Empty means "no answer": the caller fails open. */
public interface BucketStore extends AutoCloseable {

    Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration);

    RedisStatus redisStatus();

    @Override
    default void close() {
    }
}
