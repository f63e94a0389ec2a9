package io.holi.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Where the checklists look at the running system (the manual's variable names, under {@code holi.ops}).
 *
 * @param healthUrls      HOLI_OPS_HEALTH_URLS: the instances' base URLs (http://web-1:8080,…) the daily check calls;
 *                        empty: the checks look at the database and Redis directly
 * @param prometheusUrl   HOLI_PROMETHEUS_URL: error rate, latency and disk use come from there when set
 * @param alertmanagerUrl HOLI_ALERTMANAGER_URL: firing alerts come from there when set
 */
@ConfigurationProperties("holi.ops")
public record MonitoringProperties(List<String> healthUrls, String prometheusUrl, String alertmanagerUrl) {

    public List<String> instances() {
        return healthUrls == null ? List.of() : healthUrls.stream().filter(s -> !s.isBlank())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
    }

    public boolean hasPrometheus() {
        return prometheusUrl != null && !prometheusUrl.isBlank();
    }

    public boolean hasAlertmanager() {
        return alertmanagerUrl != null && !alertmanagerUrl.isBlank();
    }
}
