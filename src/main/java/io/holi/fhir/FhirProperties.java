package io.holi.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code holi.fhir.*}: how long a bulk export's files stay downloadable, and how many exports one instance works
 * on at once.
 */
@ConfigurationProperties("holi.fhir")
public record FhirProperties(@DefaultValue("24h") Duration exportTtl, @DefaultValue("2") int exportWorkers) {
}
