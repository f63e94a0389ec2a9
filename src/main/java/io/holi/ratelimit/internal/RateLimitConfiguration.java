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
            meters.gauge("holi_redis_up", 0);
            return new LocalBucketStore();
        }
        return new RedisBucketStore(properties, meters);
    }
}
