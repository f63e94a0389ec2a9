package io.holi.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One run of an operational procedure (a backup, a drill, a check), as evidence for an auditor. */
public record OperationRun(UUID id, String kind, String subject, Instant startedAt, Instant finishedAt, RunOutcome outcome,
                           String actor, String host, Map<String, Object> details) {

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    public boolean succeeded() {
        return outcome == RunOutcome.SUCCESS;
    }
}
