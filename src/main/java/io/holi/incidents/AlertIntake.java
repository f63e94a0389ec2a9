package io.holi.incidents;

import io.holi.status.ComponentState;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Alertmanager's webhook: each firing alert whose severity opens incidents opens one, unless an open incident has its
 * fingerprint already (Alertmanager repeats and retries; the unique index makes the check race-free across
 * instances). A later notice of the same alert, firing or resolved, goes on that incident's timeline.
 */
@Service
public class AlertIntake {

    /** What one webhook call did. */
    public record Outcome(List<String> opened, List<String> annotated, int ignored) {
    }

    private final Incidents incidents;
    private final IncidentProperties properties;

    AlertIntake(Incidents incidents, IncidentProperties properties) {
        this.incidents = incidents;
        this.properties = properties;
    }

    public Outcome receive(JsonNode payload) {
        List<String> opened = new ArrayList<>();
        List<String> annotated = new ArrayList<>();
        int ignored = 0;
        for (JsonNode alert : payload.path("alerts")) {
            String fingerprint = alert.path("fingerprint").asString("");
            String status = alert.path("status").asString("");
            String name = alert.path("labels").path("alertname").asString("unnamed alert");
            String severity = alert.path("labels").path("severity").asString("");
            if (fingerprint.isBlank() || !properties.alertSeverities().contains(severity)) {
                ignored++;
                continue;
            }
            Optional<Incident> open = incidents.openWithFingerprint(fingerprint);
            if (open.isEmpty() && status.equals("firing")) {
                String summary = alert.path("annotations").path("summary").asString("");
                Instant started = instant(alert.path("startsAt").asString(""));
                var declared = incidents.declare(new Incidents.Declaration(("Alert " + name + (summary.isBlank() ? "" : ": " + summary)),
                        IncidentType.AVAILABILITY, Severity.SEV2, "on-call (unassigned)", alert.path("annotations").path("description").asString(""),
                        Set.of(), ComponentState.PARTIAL_OUTAGE, started, started, null), fingerprint);
                if (declared.isPresent()) {
                    incidents.link(declared.get().reference(), Incidents.LinkKind.ALERT, fingerprint, name);
                    opened.add(declared.get().reference());
                    continue;
                }
                open = incidents.openWithFingerprint(fingerprint); // another instance opened it a moment ago
            }
            if (open.isPresent()) {
                Incident i = open.get();
                incidents.note(i.reference(), "Alertmanager: " + name + " " + status);
                annotated.add(i.reference());
            } else {
                ignored++;
            }
        }
        return new Outcome(opened, annotated, ignored);
    }

    private static Instant instant(String text) {
        try {
            Instant t = Instant.parse(text);
            return t.isAfter(Instant.now()) ? Instant.now() : t;
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
