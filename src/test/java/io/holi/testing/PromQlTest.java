package io.holi.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void findsMetricNamesAndSkipsFunctionsLabelsAndKeywords() {
        assertThat(PromQl.metricNames("sum by (server) (pg_stat_activity_count) / max by (server) (pg_settings_max_connections) > 0.9"))
                .containsExactlyInAnyOrder("pg_stat_activity_count", "pg_settings_max_connections");
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route=~\"/api/x\"}[5m]))) > 1"))
                .containsExactly("http_request_duration_seconds_bucket");
        assertThat(PromQl.metricNames("(holi_tls_certificate_expiry_timestamp_seconds - time()) < 30 * 86400"))
                .containsExactly("holi_tls_certificate_expiry_timestamp_seconds");
        assertThat(PromQl.metricNames("(sum(rate(http_requests_total{route!~\"/api/health.*\"}[10m])) > 0) unless on () (sum(rate(audit_logs_total[10m])) > 0)"))
                .containsExactlyInAnyOrder("http_requests_total", "audit_logs_total");
        assertThat(PromQl.metricNames("up{job=\"api\"} == 0")).containsExactly("up");
    }
}
