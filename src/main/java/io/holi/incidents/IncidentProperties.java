package io.holi.incidents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * @param alertmanagerToken HOLI_ALERTMANAGER_TOKEN: the shared token Alertmanager's webhook sends as a bearer token;
 *                          unset, the webhook refuses everything
 * @param alertSeverities   the alerts' {@code severity} labels that open an incident (the manual's P1: critical)
 */
@ConfigurationProperties("holi.incidents")
public record IncidentProperties(String alertmanagerToken, @DefaultValue("critical") List<String> alertSeverities) {
}
