package io.holi.access.internal;

import io.holi.access.Grant;
import io.holi.access.GrantState;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
public class GrantRepository {

    private static final String ACTIVE = active("");

    /**
     * The one definition of an active grant, as a SQL condition on the grant's columns ({@code alias} "g" for
     * {@code g.revoked_at}): not revoked, and not expired.
     */
    public static String active(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return "(" + p + "revoked_at IS NULL AND (" + p + "expires_at IS NULL OR " + p + "expires_at > now()))";
    }

    /** The table of grants, for the gate's SQL fragments: named here, and only here. */
    public static final String TABLE = "data_access_grants";
    private static final String COLUMNS = """
            id, user_id, patient_id, granted_by, reason, kind, created_at, expires_at, revoked_at, reviewed_at,
            reviewed_by, review_note, CASE WHEN revoked_at IS NOT NULL THEN 'REVOKED'
                 WHEN expires_at IS NOT NULL AND expires_at <= now() THEN 'EXPIRED' ELSE 'ACTIVE' END AS status""";

    private static final RowMapper<Grant> GRANT = (rs, i) -> new Grant(rs.getObject("id", UUID.class),
            rs.getObject("user_id", UUID.class), rs.getObject("patient_id", UUID.class),
            rs.getObject("granted_by", UUID.class), rs.getString("reason"), rs.getString("kind"),
            instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"), rs.getString("status"),
            instant(rs, "reviewed_at"), rs.getObject("reviewed_by", UUID.class), rs.getString("review_note"));

    private final JdbcClient jdbc;

    GrantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** The best grant the user holds for the patient: an active one (a regular one before break-glass), else the latest. */
    public GrantState state(UUID userId, UUID patientId) {
        return jdbc.sql("SELECT kind, " + ACTIVE + " AS active, revoked_at, expires_at FROM data_access_grants "
                        + "WHERE user_id = ? AND patient_id = ? ORDER BY 2 DESC, (kind = 'BREAK_GLASS'), created_at DESC LIMIT 1")
                .params(userId, patientId)
                .query((rs, i) -> {
                    String kind = rs.getString(1);
                    if (rs.getBoolean(2)) {
                        return new GrantState(GrantState.Status.ACTIVE, Optional.of(kind), Optional.empty());
                    }
                    Instant revoked = instant(rs, "revoked_at");
                    return revoked != null
                            ? new GrantState(GrantState.Status.REVOKED, Optional.of(kind), Optional.of(revoked))
                            : new GrantState(GrantState.Status.EXPIRED, Optional.of(kind), Optional.ofNullable(instant(rs, "expires_at")));
                })
                .optional().orElse(GrantState.none());
    }

    public boolean hasActive(UUID userId, UUID patientId, String kind) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM data_access_grants WHERE user_id = ? AND patient_id = ? AND kind = ? AND "
                + ACTIVE + ")").params(userId, patientId, kind).query(Boolean.class).single();
    }

    /** Every patient the user holds an active grant (or break-glass) for, in a stable order. */
    public List<UUID> patientsOf(UUID userId) {
        return jdbc.sql("SELECT DISTINCT patient_id FROM data_access_grants WHERE user_id = ? AND " + ACTIVE + " ORDER BY patient_id")
                .param(userId).query(UUID.class).list();
    }

    public Set<UUID> activelyGranted(UUID userId, Collection<UUID> patientIds) {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT patient_id FROM data_access_grants WHERE user_id = ? AND "
                        + "patient_id = ANY(?) AND " + ACTIVE)
                .params(userId, patientIds.toArray(UUID[]::new)).query(UUID.class).list());
    }

    public UUID insert(UUID userId, UUID patientId, UUID grantedBy, String reason, String kind, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO data_access_grants (id, user_id, patient_id, granted_by, reason, kind, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, userId, patientId, grantedBy, reason, kind, expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return id;
    }

    public int revoke(UUID userId, UUID patientId, UUID revokedBy) {
        return jdbc.sql("UPDATE data_access_grants SET revoked_at = now(), revoked_by = ? WHERE user_id = ? AND patient_id = ? AND "
                + ACTIVE).params(revokedBy, userId, patientId).update();
    }

    public int revokeAll(UUID patientId, UUID revokedBy) {
        return jdbc.sql("UPDATE data_access_grants SET revoked_at = now(), revoked_by = ? WHERE patient_id = ? AND " + ACTIVE)
                .params(revokedBy, patientId).update();
    }

    /** Whether the user holds at most {@code limit} active grants (the patient search chooses its plan by it). */
    public boolean atMost(UUID userId, int limit) {
        return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM data_access_grants WHERE user_id = ? AND " + ACTIVE + " LIMIT "
                + (limit + 1) + ") g").param(userId).query(Long.class).single() <= limit;
    }

    public long unreviewedBreakGlass() {
        return jdbc.sql("SELECT count(*) FROM data_access_grants WHERE kind = 'BREAK_GLASS' AND reviewed_at IS NULL")
                .query(Long.class).single();
    }

    /** Of these users, how many hold an active grant. */
    public long holdingActiveGrants(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT count(DISTINCT user_id) FROM data_access_grants WHERE user_id = ANY(?) AND " + ACTIVE)
                .param(userIds.toArray(UUID[]::new)).query(Long.class).single();
    }

    public long expiringWithin(java.time.Duration window) {
        return jdbc.sql("SELECT count(*) FROM data_access_grants WHERE revoked_at IS NULL AND expires_at BETWEEN now() AND "
                + "now() + make_interval(secs => ?)").param((double) window.toSeconds()).query(Long.class).single();
    }

    /** Grants by kind: how many there are and how many are active, for the compliance evidence. */
    public List<java.util.Map<String, Object>> countsByKind() {
        return jdbc.sql("SELECT kind, count(*) AS total, count(*) FILTER (WHERE " + ACTIVE + ") AS active, "
                + "count(*) FILTER (WHERE kind = 'BREAK_GLASS' AND reviewed_at IS NULL) AS unreviewed FROM data_access_grants "
                + "GROUP BY kind ORDER BY kind").query().listOfRows();
    }

    /** The user's active grant for a patient that lasts longest (a standing grant before an expiring one). */
    public Optional<Grant> activeFor(UUID userId, UUID patientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_access_grants WHERE user_id = ? AND patient_id = ? AND " + ACTIVE
                        + " ORDER BY expires_at DESC NULLS FIRST LIMIT 1")
                .params(userId, patientId).query(GRANT).optional();
    }

    public Optional<Grant> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_access_grants WHERE id = ?").param(id).query(GRANT).optional();
    }

    public List<Grant> forPatient(UUID patientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_access_grants WHERE patient_id = ? ORDER BY created_at DESC")
                .param(patientId).query(GRANT).list();
    }

    public List<Grant> breakGlass(Instant from, Instant to, Optional<Boolean> reviewed) {
        String filter = reviewed.map(r -> r ? " AND reviewed_at IS NOT NULL" : " AND reviewed_at IS NULL").orElse("");
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_access_grants WHERE kind = 'BREAK_GLASS' AND created_at >= ? "
                        + "AND created_at < ?" + filter + " ORDER BY created_at DESC")
                .params(Timestamp.from(from), Timestamp.from(to)).query(GRANT).list();
    }

    public void review(UUID id, UUID reviewer, String note) {
        jdbc.sql("UPDATE data_access_grants SET reviewed_at = now(), reviewed_by = ?, review_note = ? WHERE id = ?")
                .params(reviewer, note, id).update();
    }
}
