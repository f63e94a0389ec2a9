package io.holi.ratelimit.internal;

import io.holi.ratelimit.RateLimitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    BucketStore bucketStore(RateLimitProperties properties, MeterRegistry meters) {
        if (properties.redisUrl() == null || properties.redisUrl().isBlank()) {
            io.micrometer.core.instrument.Gauge.builder("holi_redis_up", () -> 0)
                    .description("1 while Redis answers the rate limiter, 0 while it fails open (always 0 without REDIS_URL)")
                    .register(meters);
            return new LocalBucketStore();
        }
        return new RedisBucketStore(properties, meters);
    }
}
