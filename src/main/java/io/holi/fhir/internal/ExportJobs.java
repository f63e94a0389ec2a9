package io.holi.fhir.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Bulk export jobs: asked, claimed by one worker, finished with their manifest, cancelled or expired. */
@Repository
class ExportJobs {

    enum Status { ACCEPTED, RUNNING, COMPLETED, FAILED, CANCELLED }

    record Job(UUID id, UUID userId, Optional<UUID> clientId, String requester, String level, Optional<String> groupId,
               List<String> types, Optional<Instant> since, String requestUrl, Status status, Optional<String> progress,
               Optional<String> error, Optional<String> output, Instant requestedAt, Optional<Instant> finishedAt,
               Optional<Instant> expiresAt) {
    }

    private final JdbcClient jdbc;

    ExportJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID userId, Optional<UUID> clientId, String requester, String level, Optional<String> groupId,
                List<String> types, Optional<Instant> since, String requestUrl) {
        jdbc.sql("""
                        INSERT INTO fhir_exports (id, user_id, client_id, requester, level, group_id, types, since, request_url, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACCEPTED')""")
                .params(id, userId, clientId.orElse(null), requester, level, groupId.orElse(null), String.join(",", types),
                        since.map(Timestamp::from).orElse(null), requestUrl)
                .update();
    }

    Optional<Job> find(UUID id) {
        return jdbc.sql("SELECT * FROM fhir_exports WHERE id = ?").param(id).query((rs, i) -> new Job(
                rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                Optional.ofNullable(rs.getObject("client_id", UUID.class)), rs.getString("requester"), rs.getString("level"),
                Optional.ofNullable(rs.getString("group_id")), Arrays.asList(rs.getString("types").split(",")),
                Optional.ofNullable(rs.getTimestamp("since")).map(Timestamp::toInstant), rs.getString("request_url"),
                Status.valueOf(rs.getString("status")), Optional.ofNullable(rs.getString("progress")),
                Optional.ofNullable(rs.getString("error")), Optional.ofNullable(rs.getString("output")),
                rs.getTimestamp("requested_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant))).optional();
    }

    /** Claims a waiting job for this worker: false when another worker (or a cancellation) got there first. */
    boolean claim(UUID id) {
        return jdbc.sql("UPDATE fhir_exports SET status = 'RUNNING' WHERE id = ? AND status = 'ACCEPTED'").param(id).update() == 1;
    }

    /** Jobs nobody is working on (their instance stopped before claiming them), oldest first. */
    List<UUID> waiting() {
        return jdbc.sql("SELECT id FROM fhir_exports WHERE status = 'ACCEPTED' ORDER BY requested_at").query(UUID.class).list();
    }

    void progress(UUID id, String progress) {
        jdbc.sql("UPDATE fhir_exports SET progress = ? WHERE id = ? AND status = 'RUNNING'").params(progress, id).update();
    }

    boolean cancelled(UUID id) {
        return jdbc.sql("SELECT status = 'CANCELLED' FROM fhir_exports WHERE id = ?").param(id).query(Boolean.class).optional().orElse(true);
    }

    /** Completes a running job with its manifest's output; false when it was cancelled meanwhile. */
    boolean complete(UUID id, String outputJson, Instant expiresAt) {
        return jdbc.sql("""
                        UPDATE fhir_exports SET status = 'COMPLETED', output = CAST(? AS jsonb), finished_at = now(), expires_at = ?
                        WHERE id = ? AND status = 'RUNNING'""")
                .params(outputJson, Timestamp.from(expiresAt), id).update() == 1;
    }

    void fail(UUID id, String error) {
        jdbc.sql("UPDATE fhir_exports SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ? AND status = 'RUNNING'")
                .params(error, id).update();
    }

    /** Cancels a job in any state but cancelled; false when there is nothing to cancel. */
    boolean cancel(UUID id) {
        return jdbc.sql("UPDATE fhir_exports SET status = 'CANCELLED', finished_at = now() WHERE id = ? AND status <> 'CANCELLED'")
                .param(id).update() == 1;
    }

    /** Completed jobs past their expiry, whose files are to be deleted. */
    List<UUID> expired() {
        return jdbc.sql("SELECT id FROM fhir_exports WHERE status = 'COMPLETED' AND expires_at < now()").query(UUID.class).list();
    }

    void markExpired(UUID id) {
        jdbc.sql("UPDATE fhir_exports SET status = 'CANCELLED', error = 'expired' WHERE id = ? AND status = 'COMPLETED'").param(id).update();
    }
}
