package io.holi.audit;

import io.holi.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Evidence that a procedure ran, and how it went: a row in {@code holi_ops.operation_runs} (kept across
 * restores), a JSON copy in the object store ({@code evidence/YYYY/MM/DD/…}, kept if the database is lost),
 * and an OPERATION record in the audit trail.
 */
@Service
public class OperationRecords {

    private static final Logger log = LoggerFactory.getLogger(OperationRecords.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final AuditTrail audit;
    private final JsonMapper json;

    OperationRecords(JdbcClient jdbc, ObjectStore store, AuditTrail audit, JsonMapper json) {
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
        this.json = json;
    }

    /** Records the run; a failure to record is logged and reported, never thrown over the procedure's own result. */
    public OperationRun record(String kind, String subject, Instant startedAt, RunOutcome outcome, Map<String, Object> details) {
        OperationRun run = new OperationRun(UUID.randomUUID(), kind, subject, startedAt, Instant.now(), outcome, actor(), host(),
                new LinkedHashMap<>(details));
        try {
            jdbc.sql("""
                            INSERT INTO holi_ops.operation_runs (id, kind, subject, started_at, finished_at, outcome, actor, host, details)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                    .params(run.id(), kind, subject, Timestamp.from(startedAt), Timestamp.from(run.finishedAt()), outcome.name(),
                            run.actor(), run.host(), json.writeValueAsString(run.details()))
                    .update();
        } catch (RuntimeException e) {
            log.error("Could not record the {} run in the database ({}); its evidence is in the object store only",
                    kind, e.getClass().getSimpleName());
        }
        try {
            store.put("evidence/" + DAY.format(startedAt) + "/" + kind + "-" + run.id() + ".json", json.writeValueAsBytes(run));
        } catch (Exception e) {
            log.error("Could not write the evidence of the {} run to {} ({})", kind, store.describe(), e.getClass().getSimpleName());
        }
        try {
            audit.record(AuditEvent.of(AuditAction.OPERATION).resource(kind)
                    .outcome(outcome.auditOutcome())
                    .detail("operation", kind).detail("outcome", outcome.name()).detail("subject", subject).detail("runId", run.id().toString()).build());
        } catch (RuntimeException e) {
            log.error("Could not audit the {} run ({})", kind, e.getClass().getSimpleName());
        }
        return run;
    }

    /** Runs of a kind (or of every kind starting with it) since an instant, newest first. */
    public List<OperationRun> since(String kindPrefix, Instant since) {
        return jdbc.sql("SELECT * FROM holi_ops.operation_runs WHERE kind LIKE ? AND started_at >= ? ORDER BY started_at DESC")
                .params(kindPrefix + "%", Timestamp.from(since)).query((rs, i) -> map(rs)).list();
    }

    public Optional<OperationRun> latest(String kind, Optional<RunOutcome> outcome) {
        return jdbc.sql("SELECT * FROM holi_ops.operation_runs WHERE kind = ? AND (?::text IS NULL OR outcome = ?) "
                        + "ORDER BY started_at DESC LIMIT 1")
                .params(kind, outcome.map(Enum::name).orElse(null), outcome.map(Enum::name).orElse(null))
                .query((rs, i) -> map(rs)).optional();
    }

    public Optional<OperationRun> latestFor(String kind, String subject) {
        return jdbc.sql("SELECT * FROM holi_ops.operation_runs WHERE kind = ? AND subject = ? ORDER BY started_at DESC LIMIT 1")
                .params(kind, subject).query((rs, i) -> map(rs)).optional();
    }

    private OperationRun map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new OperationRun(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("subject"),
                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
                RunOutcome.valueOf(rs.getString("outcome")),
                rs.getString("actor"), rs.getString("host"), json.readValue(rs.getString("details"), MAP));
    }

    private static String actor() {
        return io.holi.platform.Caller.current().map(c -> c.email())
                .orElse("system:" + System.getProperty("user.name", "unknown") + "/" + System.getProperty("holi.command", "process"));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
