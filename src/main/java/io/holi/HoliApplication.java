package io.holi;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The Spring application behind {@code holi serve} and the commands that need the database. Not configured: a user
 * store of Spring's (holi has its own), and Micrometer's count of log events by level, whose Logback turbo filter sat
 * in front of every logger check of every request (3 % of the audited read's CPU, bench/README.md) for a metric no
 * alert or dashboard reads.
 */
@SpringBootApplication(exclude = {UserDetailsServiceAutoConfiguration.class, LogbackMetricsAutoConfiguration.class})
@ConfigurationPropertiesScan
public class HoliApplication {
}
