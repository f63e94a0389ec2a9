package io.holi.incidents.internal;

import io.holi.incidents.IncidentUpdate;
import io.holi.incidents.Incident;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import io.holi.status.StatusIncidents;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Incidents as the status page shows them: only those with at least one public update (a security incident may
 * never be public), only their public updates, a public name, and their impact on components while unresolved.
 */
@Component
class IncidentStatusSource implements StatusIncidents {

    private final IncidentRepository repository;

    IncidentStatusSource(IncidentRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<PublicIncident> publicIncidents(Instant since) {
        List<PublicIncident> out = new ArrayList<>();
        for (Incident i : repository.since(since)) {
            List<IncidentUpdate> updates = repository.updates(i.id());
            if (updates.isEmpty()) {
                continue;
            }
            boolean resolved = !i.status().open();
            Map<StatusComponent, ComponentState> components = new EnumMap<>(StatusComponent.class);
            i.components().forEach(c -> components.put(c, resolved ? ComponentState.OPERATIONAL : i.impact()));
            List<PublicUpdate> shown = new ArrayList<>();
            for (int k = updates.size() - 1; k >= 0; k--) {
                IncidentUpdate u = updates.get(k);
                shown.add(new PublicUpdate(u.id(), u.status(), u.body(), u.postedAt()));
            }
            String status = resolved ? "resolved" : updates.get(updates.size() - 1).status();
            Instant updated = updates.get(updates.size() - 1).postedAt();
            out.add(new PublicIncident(i.id(), i.reference(), publicName(i), status, i.severity().impact(), i.declaredAt(), updated,
                    resolved ? i.resolvedAt() : null, components, shown));
        }
        return out;
    }

    /**
     * The name the public reads: made from the impact and the components, never the internal title (which may name a
     * person, a device or a suspicion).
     */
    static String publicName(Incident i) {
        if (i.components().isEmpty()) {
            return "Service incident";
        }
        return i.impact().label() + ": " + String.join(", ", i.components().stream().map(StatusComponent::label).toList());
    }

}
