package io.holi.audit.internal;

import io.holi.audit.AuditEvent;
import io.holi.audit.AuditPage;
import io.holi.audit.AuditQuery;
import io.holi.audit.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Repository
public class AuditRepository {

    static final String INSERT = """
            INSERT INTO audit_logs (timestamp, user_id, user_email, role, action, resource, resource_id, patient_id,
                                    ip_address, user_agent, request_id, outcome, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::inet, ?, ?, ?, ?::jsonb)
            """;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    AuditRepository(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.json = json;
    }

    /** Inserts in the caller's transaction, if any. */
    public void insert(AuditEvent e) {
        jdbc.update(INSERT, ps -> bind(ps, e));
    }

    /** Inserts many in one statement batch (the caller owns the transaction). */
    void insertAll(List<AuditEvent> events) {
        jdbc.batchUpdate(INSERT, events, events.size(), this::bind);
    }

    private void bind(PreparedStatement ps, AuditEvent e) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(e.timestamp()));
        ps.setObject(2, e.userId(), Types.OTHER);
        ps.setString(3, e.userEmail());
        ps.setString(4, e.role());
        ps.setString(5, e.action().name());
        ps.setString(6, e.resource());
        ps.setObject(7, e.resourceId(), Types.OTHER);
        ps.setObject(8, e.patientId(), Types.OTHER);
        ps.setString(9, e.ipAddress());
        ps.setString(10, e.userAgent());
        ps.setString(11, e.requestId());
        ps.setString(12, e.outcome().name());
        ps.setString(13, e.details().isEmpty() ? "{}" : json.writeValueAsString(e.details()));
    }

    public AuditPage search(AuditQuery q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource p = new MapSqlParameterSource();
        q.userId().ifPresent(v -> {
            where.append(" AND user_id = :userId");
            p.addValue("userId", v);
        });
        q.patientId().ifPresent(v -> {
            where.append(" AND patient_id = :patientId");
            p.addValue("patientId", v);
        });
        q.action().ifPresent(v -> {
            where.append(" AND action = :action");
            p.addValue("action", v.name());
        });
        q.outcome().ifPresent(v -> {
            where.append(" AND outcome = :outcome");
            p.addValue("outcome", v.name());
        });
        q.from().ifPresent(v -> {
            where.append(" AND timestamp >= :from");
            p.addValue("from", Timestamp.from(v));
        });
        q.to().ifPresent(v -> {
            where.append(" AND timestamp < :to");
            p.addValue("to", Timestamp.from(v));
        });
        Long total = named.queryForObject("SELECT count(*) FROM audit_logs" + where, p, Long.class);
        p.addValue("limit", q.size());
        p.addValue("offset", (long) q.page() * q.size());
        List<AuditRecord> items = named.query(SELECT + where + " ORDER BY timestamp DESC, id DESC LIMIT :limit OFFSET :offset", p,
                (rs, i) -> map(rs));
        return new AuditPage(items, q.page(), q.size(), total == null ? 0 : total);
    }

    /** Every record about one resource, oldest first (an incident's timeline). */
    public List<AuditRecord> forResource(String resource, UUID id) {
        return named.query(SELECT + " WHERE resource = :resource AND resource_id = :id ORDER BY id",
                new MapSqlParameterSource("resource", resource).addValue("id", id), (rs, i) -> map(rs));
    }

    /** The records with these ids (those that exist), oldest first. */
    public List<AuditRecord> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return named.query(SELECT + " WHERE id IN (:ids) ORDER BY id", new MapSqlParameterSource("ids", ids), (rs, i) -> map(rs));
    }

    private static final String SELECT = """
            SELECT id, timestamp, user_id, user_email, role, action, resource, resource_id, patient_id,
                   host(ip_address) AS ip, user_agent, request_id, outcome, details::text AS details
            FROM audit_logs""";

    private AuditRecord map(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("timestamp").toInstant(),
                rs.getObject("user_id", UUID.class), rs.getString("user_email"), rs.getString("role"),
                rs.getString("action"), rs.getString("resource"), rs.getObject("resource_id", UUID.class),
                rs.getObject("patient_id", UUID.class), rs.getString("ip"), rs.getString("user_agent"),
                rs.getString("request_id"), rs.getString("outcome"), json.readValue(rs.getString("details"), MAP));
    }

    /**
     * Records since an instant. Of one action: counted (the security events that are counted often have a
     * partial index of their own; the action is written into the statement so the planner can use it). Of all
     * actions: from the record ids, the newest one less the first one at or after the instant, so a busy hour's
     * ten million records are not counted one by one; ids used by rolled-back attempts count too.
     */
    public long countSince(java.util.Optional<io.holi.audit.AuditAction> action, java.time.Instant since) {
        Long n = action.map(a -> jdbc.queryForObject(
                        // an enum's name: safe to write into the statement
                        "SELECT count(*) FROM audit_logs WHERE action = '" + a.name() + "' AND timestamp >= ?",
                        Long.class, Timestamp.from(since)))
                .orElseGet(() -> jdbc.queryForObject("""
                        SELECT coalesce((SELECT max(id) FROM audit_logs)
                                        - (SELECT id FROM audit_logs WHERE timestamp >= ? ORDER BY timestamp, id LIMIT 1) + 1, 0)""",
                        Long.class, Timestamp.from(since)));
        return n == null ? 0 : n;
    }

    /** Creates the monthly partitions around now; returns how many were new. */
    public int ensurePartitions(int monthsBack, int monthsAhead) {
        Integer created = jdbc.queryForObject("SELECT holi_ensure_audit_partitions(?, ?)", Integer.class, monthsBack, monthsAhead);
        return created == null ? 0 : created;
    }

    List<String> partitions() {
        return new ArrayList<>(jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_logs'::regclass ORDER BY c.relname""", String.class));
    }
}
