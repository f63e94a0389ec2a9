package io.holi.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Something to do because of an incident, by someone, by a date. */
public record ActionItem(UUID id, UUID incidentId, String description, String owner, LocalDate due, Instant doneAt) {
}
