package io.holi.health.internal;

import io.holi.health.TlsCertificates;
import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The health checks' thresholds as rules: no Spring, no server, no drill. */
class HealthCheckRulesTest {

    private static final HealthCheckThresholds T = HealthCheckThresholds.defaults();

    private static TlsCertificates.Result expiringIn(String host, long days) {
        return new TlsCertificates.Result(host, Optional.of(Instant.now().plus(Duration.ofDays(days)).plusSeconds(3600)),
                Optional.of("CN=" + host), Optional.empty());
    }

    @Test
    void theErrorRateWarnsFromOnePercentAndFailsFromFive() {
        assertThat(TrafficCheck.rate(0.0099, T).status()).isEqualTo(Check.Status.OK);
        assertThat(TrafficCheck.rate(0.01, T).status()).isEqualTo(Check.Status.WARNING);
        assertThat(TrafficCheck.rate(0.05, T).status()).isEqualTo(Check.Status.FAILURE);
        assertThat(TrafficCheck.rate(0.10, T).value()).isEqualTo("10.00 %");
        assertThat(TrafficCheck.rate(Double.NaN, T)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(Check.Status.OK);
            assertThat(c.value()).isEqualTo("no traffic");
        });
    }

    @Test
    void aP95OfHalfASecondOrMoreWarnsAndBeyondTheLastBucketSaysSo() {
        assertThat(TrafficCheck.latency(0.499, T).status()).isEqualTo(Check.Status.OK);
        Check slow = TrafficCheck.latency(2.5, T);
        assertThat(slow.status()).isEqualTo(Check.Status.WARNING);
        assertThat(slow.value()).isEqualTo("2500 ms");
        assertThat(slow.advice()).contains("HIGH_LATENCY.md");
        assertThat(TrafficCheck.latency(Double.POSITIVE_INFINITY, T).value()).isEqualTo("> 10 s");
    }

    @Test
    void theP95IsTheSmallestBucketHolding95PercentOfRequests() {
        TreeMap<Double, Double> buckets = new TreeMap<>(Map.of(0.1, 900.0, 0.5, 940.0, 2.5, 1000.0, Double.POSITIVE_INFINITY, 1000.0));
        assertThat(TrafficCheck.p95(buckets)).isEqualTo(2.5);
    }

    @Test
    void aCriticalAlertFailsAWarningWarnsNoneIsFine() {
        assertThat(AlertsCheck.judge(Map.of()).status()).isEqualTo(Check.Status.OK);
        assertThat(AlertsCheck.judge(Map.of("warning", List.of("HighLatency"))).status()).isEqualTo(Check.Status.WARNING);
        Check critical = AlertsCheck.judge(Map.of("critical", List.of("DatabaseDown"), "warning", List.of("HighLatency")));
        assertThat(critical.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(critical.value()).contains("1 critical, 1 warning").contains("DatabaseDown");
    }

    @Test
    void aCertificateWarnsWithin30DaysAndFailsWithin7OrUnreachable() {
        assertThat(TlsCheck.judge(List.of(expiringIn("a:443", 400)), T).status()).isEqualTo(Check.Status.OK);
        Check soon = TlsCheck.judge(List.of(expiringIn("a:443", 400), expiringIn("b:443", 19)), T);
        assertThat(soon.status()).isEqualTo(Check.Status.WARNING);
        assertThat(soon.value()).contains("b:443 19 days");
        assertThat(soon.advice()).contains("TLS_CERTIFICATE.md");
        assertThat(TlsCheck.judge(List.of(expiringIn("c:443", 2)), T).status()).isEqualTo(Check.Status.FAILURE);
        Check gone = TlsCheck.judge(List.of(new TlsCertificates.Result("d:443", Optional.empty(), Optional.empty(),
                Optional.of("connection refused"))), T);
        assertThat(gone.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(gone.value()).isEqualTo("d:443 unreachable");
    }
}
