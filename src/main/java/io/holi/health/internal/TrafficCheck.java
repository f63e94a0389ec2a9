package io.holi.health.internal;

import io.holi.health.HealthProperties;
import io.holi.health.MonitoringProperties;
import io.holi.health.Prometheus;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The manual's error rate and p95 latency (2.1 step 3): over 24 h from Prometheus when HOLI_PROMETHEUS_URL is set,
 * else since start from each instance's own counters.
 */
@Component
class TrafficCheck implements OperationalCheck {

    private final MonitoringProperties monitoring;
    private final HealthProperties health;
    private final Prometheus prometheus;
    private final HealthCheckThresholds thresholds;

    TrafficCheck(MonitoringProperties monitoring, HealthProperties health, Prometheus prometheus, HealthCheckThresholds thresholds) {
        this.monitoring = monitoring;
        this.health = health;
        this.prometheus = prometheus;
        this.thresholds = thresholds;
    }

    @Override
    public String name() {
        return "Error rate and latency";
    }

    @Override
    public Cadence cadence() {
        return Cadence.DAILY;
    }

    @Override
    public int order() {
        return 80;
    }

    @Override
    public List<Check> run() {
        if (prometheus.configured()) {
            return List.of(
                    rate(prometheus.query("sum(increase(http_requests_total{status=~\"5..\"}[24h])) / sum(increase(http_requests_total[24h]))"),
                            thresholds),
                    latency(prometheus.query("histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket[24h])))"),
                            thresholds));
        }
        List<String> urls = monitoring.instances();
        if (urls.isEmpty()) {
            return List.of(Check.skipped("Error rate", "not checked (set HOLI_PROMETHEUS_URL or HOLI_OPS_HEALTH_URLS)"),
                    Check.skipped("Latency p95", "not checked (set HOLI_PROMETHEUS_URL or HOLI_OPS_HEALTH_URLS)"));
        }
        double total = 0;
        double errors = 0;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String base : urls) {
            for (String line : metricsText(base)) {
                if (line.startsWith("http_requests_total{")) {
                    double v = value(line);
                    total += v;
                    if (line.contains("status=\"5")) {
                        errors += v;
                    }
                } else if (line.startsWith("http_request_duration_seconds_bucket{")) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(line), Double::sum);
                }
            }
        }
        List<Check> out = new ArrayList<>();
        out.add(rate(total == 0 ? 0 : errors / total, thresholds));
        out.add(buckets.isEmpty() ? Check.skipped("Latency p95, since start", "no requests yet") : latency(p95(buckets), thresholds));
        return out;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The smallest bucket bound under which 95 % of the requests fell. */
    static double p95(TreeMap<Double, Double> cumulativeBuckets) {
        double all = cumulativeBuckets.lastEntry().getValue();
        for (var e : cumulativeBuckets.entrySet()) {
            if (e.getValue() >= 0.95 * all) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    private List<String> metricsText(String base) {
        Http.Response r;
        try {
            r = Http.get(base + "/api/health/metrics", "text/plain", health.metricsToken());
        } catch (Exception e) {
            throw new IllegalStateException(base + " metrics unreachable");
        }
        if (r.status() == 401) {
            throw new IllegalStateException(base + " refused the metrics token: set HOLI_METRICS_TOKEN as the instances have it");
        }
        if (r.status() != 200) {
            throw new IllegalStateException(base + " metrics answered " + r.status());
        }
        return r.body().lines().toList();
    }

    /** The verdict on a share of failed answers (NaN: no traffic at all). */
    static Check rate(double share, HealthCheckThresholds t) {
        String value = Double.isNaN(share) ? "no traffic" : String.format(Locale.ROOT, "%.2f %%", 100 * share);
        Check.Status s = Double.isNaN(share) || share < t.errorRateWarning() ? Check.Status.OK
                : share < t.errorRateFailure() ? Check.Status.WARNING : Check.Status.FAILURE;
        return new Check("Error rate", s, value, String.format(Locale.ROOT, "< %.0f %%", 100 * t.errorRateWarning()),
                s == Check.Status.OK ? "" : "runbook HIGH_ERROR_RATE.md");
    }

    /** The verdict on a p95 in seconds (NaN: no traffic; infinite: beyond the largest bucket). */
    static Check latency(double seconds, HealthCheckThresholds t) {
        String value = Double.isNaN(seconds) ? "no traffic" : Double.isInfinite(seconds) ? "> 10 s" : Math.round(seconds * 1000) + " ms";
        boolean ok = Double.isNaN(seconds) || seconds < t.latencyP95().toMillis() / 1000.0;
        return Check.of("Latency p95", ok, Check.Status.WARNING, value, "< " + t.latencyP95().toMillis() + " ms", "runbook HIGH_LATENCY.md");
    }
}
