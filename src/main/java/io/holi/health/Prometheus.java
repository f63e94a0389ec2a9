package io.holi.health;

import io.holi.health.internal.Http;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Prometheus the clinic runs (HOLI_PROMETHEUS_URL), asked for one number at a time. */
@Component
public class Prometheus {

    private final MonitoringProperties properties;
    private final JsonMapper json;

    Prometheus(MonitoringProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    public boolean configured() {
        return properties.hasPrometheus();
    }

    /**
     * The first value of an instant query, or NaN when it has no result.
     *
     * @throws IllegalStateException when Prometheus does not answer
     */
    public double query(String promql) {
        try {
            JsonNode r = json.readTree(Http.get(Http.promQuery(properties.prometheusUrl(), promql), "application/json").body());
            JsonNode result = r.path("data").path("result");
            if (!result.isArray() || result.isEmpty()) {
                return Double.NaN;
            }
            return Double.parseDouble(result.get(0).path("value").get(1).asString());
        } catch (Exception e) {
            throw new IllegalStateException("Prometheus at " + properties.prometheusUrl() + " did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }
}
