package io.holi.incidents.internal;

import io.holi.incidents.ActionItem;
import io.holi.incidents.Incident;
import io.holi.incidents.IncidentLink;
import io.holi.incidents.IncidentStatus;
import io.holi.incidents.IncidentType;
import io.holi.incidents.IncidentUpdate;
import io.holi.incidents.Severity;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The incident records (holi_ops.incidents and what hangs off them), read and written with explicit SQL. */
@Repository
public class IncidentRepository {

    private final JdbcClient jdbc;

    IncidentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new incident; empty when an open incident already has this alert's fingerprint. */
    public Optional<UUID> insert(String title, IncidentType type, Severity severity, String commander, String summary,
                                 Set<StatusComponent> components, ComponentState impact, Instant occurred, Instant detected,
                                 Instant discovered, String declaredBy, String fingerprint) {
        UUID id = UUID.randomUUID();
        int n = jdbc.sql("""
                        INSERT INTO holi_ops.incidents (id, title, type, severity, status, commander, summary, components, impact,
                                                        occurred_at, detected_at, discovered_at, declared_by, alert_fingerprint)
                        VALUES (?, ?, ?, ?, 'DECLARED', ?, ?, ?::text[], ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (alert_fingerprint) WHERE alert_fingerprint IS NOT NULL AND closed_at IS NULL DO NOTHING""")
                .params(id, title, type.name(), severity.name(), commander, summary, ids(components), impact.apiName(), ts(occurred),
                        ts(detected), ts(discovered), declaredBy, fingerprint)
                .update();
        return n == 1 ? Optional.of(id) : Optional.empty();
    }

    public Optional<Incident> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(IncidentRepository::row).optional();
    }

    public Optional<Incident> byNumber(int number) {
        return jdbc.sql(SELECT + " WHERE number = ?").param(number).query(IncidentRepository::row).optional();
    }

    public Optional<Incident> openWithFingerprint(String fingerprint) {
        return jdbc.sql(SELECT + " WHERE alert_fingerprint = ? AND closed_at IS NULL").param(fingerprint).query(IncidentRepository::row).optional();
    }

    /** Newest first; only those not closed when {@code openOnly}. */
    public List<Incident> list(boolean openOnly) {
        return jdbc.sql(SELECT + (openOnly ? " WHERE status NOT IN ('RESOLVED', 'CLOSED')" : "") + " ORDER BY number DESC")
                .query(IncidentRepository::row).list();
    }

    /** Declared, or still open, or resolved since. */
    public List<Incident> since(Instant since) {
        return jdbc.sql(SELECT + " WHERE declared_at >= ? OR resolved_at IS NULL OR resolved_at >= ? ORDER BY number DESC")
                .params(ts(since), ts(since)).query(IncidentRepository::row).list();
    }

    /** Moves the status forward and stamps the instants the status implies; false when it was not at {@code from}. */
    public boolean moveStatus(UUID id, IncidentStatus from, IncidentStatus to, Instant at) {
        String stamp = switch (to) {
            case CONTAINED -> ", contained_at = coalesce(contained_at, :at)";
            case RESOLVED -> ", contained_at = coalesce(contained_at, :at), resolved_at = coalesce(resolved_at, :at)";
            case CLOSED -> ", contained_at = coalesce(contained_at, :at), resolved_at = coalesce(resolved_at, :at), closed_at = :at";
            case DECLARED, INVESTIGATING -> "";
        };
        return jdbc.sql("UPDATE holi_ops.incidents SET status = :to" + stamp + " WHERE id = :id AND status = :from")
                .param("to", to.name()).param("at", ts(at)).param("id", id).param("from", from.name()).update() == 1;
    }

    public void setSeverity(UUID id, Severity s) {
        jdbc.sql("UPDATE holi_ops.incidents SET severity = ? WHERE id = ?").params(s.name(), id).update();
    }

    public void setCommander(UUID id, String commander) {
        jdbc.sql("UPDATE holi_ops.incidents SET commander = ? WHERE id = ?").params(commander, id).update();
    }

    public void setComponents(UUID id, Set<StatusComponent> components, ComponentState impact) {
        jdbc.sql("UPDATE holi_ops.incidents SET components = ?::text[], impact = ? WHERE id = ?").params(ids(components), impact.apiName(), id).update();
    }

    public void setPostmortem(UUID id, Incident.Postmortem p) {
        jdbc.sql("UPDATE holi_ops.incidents SET root_cause = coalesce(?, root_cause), detection = coalesce(?, detection), "
                + "went_well = coalesce(?, went_well), went_badly = coalesce(?, went_badly) WHERE id = ?")
                .params(p.rootCause(), p.detection(), p.wentWell(), p.wentBadly(), id).update();
    }

    public IncidentUpdate addUpdate(UUID incident, String status, String body, String by) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO holi_ops.incident_updates (id, incident_id, status, body, posted_by) VALUES (?, ?, ?, ?, ?)")
                .params(id, incident, status, body, by).update();
        return updates(incident).stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow();
    }

    /** Oldest first. */
    public List<IncidentUpdate> updates(UUID incident) {
        return jdbc.sql("SELECT id, incident_id, status, body, posted_at, posted_by FROM holi_ops.incident_updates WHERE incident_id = ? "
                        + "ORDER BY posted_at, id")
                .param(incident).query((rs, i) -> new IncidentUpdate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6))).list();
    }

    /** True when the link is new. */
    public boolean link(UUID incident, String kind, String ref, String note, String by) {
        return jdbc.sql("INSERT INTO holi_ops.incident_links (incident_id, kind, ref, note, linked_by) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING").params(incident, kind, ref, note, by).update() == 1;
    }

    public List<IncidentLink> links(UUID incident) {
        return jdbc.sql("SELECT kind, ref, note, linked_at, linked_by FROM holi_ops.incident_links WHERE incident_id = ? ORDER BY linked_at, kind, ref")
                .param(incident).query((rs, i) -> new IncidentLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getString(5))).list();
    }

    public ActionItem addAction(UUID incident, String description, String owner, LocalDate due) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO holi_ops.incident_actions (id, incident_id, description, owner, due) VALUES (?, ?, ?, ?, ?)")
                .params(id, incident, description, owner, due).update();
        return new ActionItem(id, incident, description, owner, due, null);
    }

    public boolean completeAction(UUID incident, UUID action, Instant at) {
        return jdbc.sql("UPDATE holi_ops.incident_actions SET done_at = ? WHERE id = ? AND incident_id = ? AND done_at IS NULL")
                .params(ts(at), action, incident).update() == 1;
    }

    public List<ActionItem> actions(UUID incident) {
        return jdbc.sql("SELECT id, incident_id, description, owner, due, done_at FROM holi_ops.incident_actions WHERE incident_id = ? ORDER BY due, created_at")
                .param(incident).query(IncidentRepository::action).list();
    }

    /** Action items not done whose due date has passed, of every incident. */
    public List<ActionItem> overdueActions(LocalDate today) {
        return jdbc.sql("SELECT id, incident_id, description, owner, due, done_at FROM holi_ops.incident_actions WHERE done_at IS NULL AND due < ? ORDER BY due")
                .param(today).query(IncidentRepository::action).list();
    }

    private static ActionItem action(ResultSet rs, int i) throws SQLException {
        Timestamp done = rs.getTimestamp(6);
        return new ActionItem(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDate.class), done == null ? null : done.toInstant());
    }

    private static final String SELECT = """
            SELECT id, number, title, type, severity, status, commander, summary, components, impact, occurred_at, detected_at,
                   discovered_at, contained_at, resolved_at, closed_at, declared_at, declared_by, alert_fingerprint,
                   root_cause, detection, went_well, went_badly
            FROM holi_ops.incidents""";

    private static Incident row(ResultSet rs, int i) throws SQLException {
        Set<StatusComponent> components = EnumSet.noneOf(StatusComponent.class);
        for (Object o : (Object[]) rs.getArray(9).getArray()) {
            StatusComponent.byId((String) o).ifPresent(components::add);
        }
        return new Incident(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), IncidentType.valueOf(rs.getString(4)),
                Severity.valueOf(rs.getString(5)), IncidentStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), components,
                ComponentState.byApiName(rs.getString(10)).orElse(ComponentState.PARTIAL_OUTAGE), instant(rs, 11), instant(rs, 12),
                instant(rs, 13), instant(rs, 14), instant(rs, 15), instant(rs, 16), instant(rs, 17), rs.getString(18), rs.getString(19),
                new Incident.Postmortem(rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String[] ids(Set<StatusComponent> components) {
        return components.stream().map(StatusComponent::id).toArray(String[]::new);
    }
}
