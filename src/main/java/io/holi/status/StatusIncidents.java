package io.holi.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the incidents module tells the status page: incidents as the public sees them (the reviewed public updates
 * only, never the internal timeline), and the states they set on components while unresolved.
 */
public interface StatusIncidents {

    /** Unresolved incidents, and those resolved since {@code since}, newest first. */
    List<PublicIncident> publicIncidents(Instant since);

    /**
     * @param status Statuspage's incident status: investigating, identified, monitoring, resolved
     * @param impact none, minor, major, critical
     */
    record PublicIncident(UUID id, String reference, String name, String status, String impact, Instant createdAt,
                          Instant updatedAt, Instant resolvedAt, Map<StatusComponent, ComponentState> components,
                          List<PublicUpdate> updates) {

        public boolean resolved() {
            return resolvedAt != null;
        }
    }

    record PublicUpdate(UUID id, String status, String body, Instant at) {
    }
}
