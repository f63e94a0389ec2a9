package io.holi.health.internal;

import io.holi.health.MonitoringProperties;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The manual's overnight alerts (2.1 step 2), read from Alertmanager: critical ones fail, warnings warn. */
@Component
class AlertsCheck implements OperationalCheck {

    private final MonitoringProperties monitoring;
    private final JsonMapper json;

    AlertsCheck(MonitoringProperties monitoring, JsonMapper json) {
        this.monitoring = monitoring;
        this.json = json;
    }

    @Override
    public String name() {
        return "Firing alerts";
    }

    @Override
    public Cadence cadence() {
        return Cadence.DAILY;
    }

    @Override
    public int order() {
        return 90;
    }

    @Override
    public List<Check> run() {
        if (!monitoring.hasAlertmanager()) {
            return List.of(Check.skipped("Firing alerts", "not checked (set HOLI_ALERTMANAGER_URL)"));
        }
        Map<String, List<String>> bySeverity = new LinkedHashMap<>();
        try {
            JsonNode list = json.readTree(Http.get(Http.strip(monitoring.alertmanagerUrl())
                    + "/api/v2/alerts?active=true&silenced=false&inhibited=false", "application/json").body());
            for (JsonNode a : list) {
                bySeverity.computeIfAbsent(a.path("labels").path("severity").asString("none"), k -> new ArrayList<>())
                        .add(a.path("labels").path("alertname").asString());
            }
        } catch (Exception e) {
            return List.of(Check.failure("Firing alerts", "Alertmanager unreachable (" + e.getClass().getSimpleName() + ")", "none",
                    "runbook INSTANCE_STOPPED.md"));
        }
        return List.of(judge(bySeverity));
    }

    /** Firing alert names by severity: any critical one fails, any warning warns. */
    static Check judge(Map<String, List<String>> bySeverity) {
        int critical = bySeverity.getOrDefault("critical", List.of()).size();
        int warning = bySeverity.getOrDefault("warning", List.of()).size();
        String value = critical + " critical, " + warning + " warning" + (bySeverity.isEmpty() ? "" : " " + bySeverity);
        Check.Status s = critical > 0 ? Check.Status.FAILURE : warning > 0 ? Check.Status.WARNING : Check.Status.OK;
        return new Check("Firing alerts", s, value, "none", s == Check.Status.OK ? "" : "each alert links its runbook");
    }
}
