package io.holi.platform.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background jobs run in {@code holi serve} only, never inside a one-shot command. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
@EnableScheduling
class SchedulingConfiguration {
}
