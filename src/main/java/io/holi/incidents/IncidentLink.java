package io.holi.incidents;

import java.time.Instant;

/** What an incident is about: an alert, an audit record, a break-glass use, an anomaly finding. */
public record IncidentLink(String kind, String ref, String note, Instant linkedAt, String linkedBy) {
}
