package io.holi.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A backup as {@code holi backup list} shows it. */
public record BackupSummary(String id, String kind, Instant createdAt, long bytes, Duration age,
                            Optional<Boolean> verified, Optional<Instant> verifiedAt) {
}
