package io.holi.incidents;

import java.time.Instant;
import java.util.UUID;

/** What the public reads about an incident on the status page, as it was posted. */
public record IncidentUpdate(UUID id, UUID incidentId, String status, String body, Instant postedAt, String postedBy) {
}
