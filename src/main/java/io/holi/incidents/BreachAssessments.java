package io.holi.incidents;

import io.holi.audit.AuditRecord;
import io.holi.audit.AuditTrail;
import io.holi.incidents.BreachDeadlines.Deadline;
import io.holi.incidents.BreachDeadlines.Recipient;
import io.holi.notify.Notification;
import io.holi.notify.Notifier;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The breach risk assessment of a security/privacy incident (45 CFR 164.402): the four factors, the exceptions, the
 * number of affected patients (counted from the linked audit records where there are any) and their States, the
 * decision with its justification and approver; the notification deadlines counted from discovery, the notices
 * sent, and reminders at 30, 45 and 55 days.
 */
@Service
public class BreachAssessments {

    public enum Exception { UNINTENTIONAL_WORKFORCE, INADVERTENT_AUTHORIZED, UNABLE_TO_RETAIN }

    public enum Decision { PENDING, BREACH, NOT_A_BREACH }

    /** The assessor's findings; null fields are left as they were. */
    public record Factors(String phiNature, String recipient, String acquiredOrViewed, String mitigation, Exception exception,
                          Integer affectedPatients, Map<String, Integer> residentsByState) {
    }

    public record Assessment(UUID incidentId, String phiNature, String recipient, String acquiredOrViewed, String mitigation,
                             Exception exception, int affectedPatients, Map<String, Integer> residentsByState, Decision decision,
                             String justification, String approver, Instant decidedAt) {
    }

    public record Notice(UUID id, Recipient recipient, Instant sentAt, String method, String note, String recordedBy) {
    }

    /** A deadline, whether its notice was sent, and the days left (negative: overdue). */
    public record DeadlineState(Deadline deadline, Optional<Notice> sent, long daysLeft) {
    }

    /** Everything about an incident's breach question at once. */
    public record Report(Incident incident, Assessment assessment, int affectedFromAuditRecords, List<DeadlineState> deadlines,
                         List<Notice> notices) {
        public boolean notifiable() {
            return assessment.decision() != Decision.NOT_A_BREACH;
        }
    }

    private static final TypeReference<Map<String, Integer>> STATES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Incidents incidents;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final ObjectProvider<Notifier> notifier;
    private final ZoneId zone;

    BreachAssessments(JdbcClient jdbc, Incidents incidents, AuditTrail audit, JsonMapper json, ObjectProvider<Notifier> notifier,
                      HoliProperties holi) {
        this.jdbc = jdbc;
        this.incidents = incidents;
        this.audit = audit;
        this.json = json;
        this.notifier = notifier;
        this.zone = holi.clinic().timeZone();
    }

    @Transactional
    public Report assess(String reference, Factors f) {
        Incident i = incidents.find(reference);
        if (i.type() != IncidentType.SECURITY_PRIVACY) {
            throw new HoliException(HoliException.Kind.CONFLICT, i.reference() + " is not a security/privacy incident: no breach assessment");
        }
        if (f.affectedPatients() != null && f.affectedPatients() < 0) {
            throw new HoliException(HoliException.Kind.INVALID, "the number of affected patients cannot be negative");
        }
        if (f.residentsByState() != null && f.residentsByState().values().stream().anyMatch(n -> n == null || n < 0)) {
            throw new HoliException(HoliException.Kind.INVALID, "residents by State are counts: STATE=number");
        }
        ensureRow(i.id());
        jdbc.sql("""
                        UPDATE holi_ops.breach_assessments SET phi_nature = coalesce(:nature, phi_nature), recipient = coalesce(:recipient, recipient),
                               acquired_or_viewed = coalesce(:acquired, acquired_or_viewed), mitigation = coalesce(:mitigation, mitigation),
                               exception = CASE WHEN :setException THEN :exception ELSE exception END,
                               affected_patients = coalesce(:affected, affected_patients),
                               residents_by_state = coalesce(CAST(:states AS jsonb), residents_by_state), updated_at = now()
                        WHERE incident_id = :id""")
                .param("nature", f.phiNature()).param("recipient", f.recipient()).param("acquired", f.acquiredOrViewed())
                .param("mitigation", f.mitigation()).param("setException", f.exception() != null)
                .param("exception", f.exception() == null ? null : f.exception().name()).param("affected", f.affectedPatients())
                .param("states", f.residentsByState() == null ? null : json.writeValueAsString(new TreeMap<>(f.residentsByState())))
                .param("id", i.id()).update();
        Report r = report(i.reference());
        incidents.timeline(i, "breach-assessment", "Breach assessment updated: " + r.assessment().affectedPatients() + " patients affected",
                Map.of("affectedPatients", r.assessment().affectedPatients()));
        return r;
    }

    /** The decision, its justification, and who approved it (the person recording it). */
    @Transactional
    public Report decide(String reference, Decision decision, String justification) {
        Incident i = incidents.find(reference);
        if (decision == Decision.PENDING) {
            throw new HoliException(HoliException.Kind.INVALID, "decide BREACH or NOT_A_BREACH");
        }
        String why = IncidentText.required("justification", justification, 4000);
        Report before = report(i.reference());
        if (decision == Decision.NOT_A_BREACH && before.assessment().exception() == null
                && (blank(before.assessment().phiNature()) || blank(before.assessment().recipient())
                || blank(before.assessment().acquiredOrViewed()) || blank(before.assessment().mitigation()))) {
            throw new HoliException(HoliException.Kind.CONFLICT, "a breach is presumed unless the four factors show a low probability of "
                    + "compromise: assess all four (or record an exception) before deciding it is not a breach");
        }
        String approver = Incidents.actor();
        jdbc.sql("UPDATE holi_ops.breach_assessments SET decision = ?, justification = ?, approver = ?, decided_at = now(), updated_at = now() "
                + "WHERE incident_id = ?").params(decision.name(), why, approver, i.id()).update();
        incidents.timeline(i, "breach-decision", "Breach decision: " + decision + " (approved by " + approver + "): " + why,
                Map.of("decision", decision.name(), "approver", approver));
        return report(i.reference());
    }

    @Transactional
    public Notice notified(String reference, Recipient recipient, Instant sentAt, String method, String note) {
        Incident i = incidents.find(reference);
        ensureRow(i.id());
        UUID id = UUID.randomUUID();
        String by = Incidents.actor();
        jdbc.sql("INSERT INTO holi_ops.breach_notifications (id, incident_id, recipient, sent_at, method, note, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, i.id(), recipient.name(), Timestamp.from(sentAt == null ? Instant.now() : sentAt),
                        IncidentText.required("method", method, 200), note == null ? "" : note.strip(), by).update();
        incidents.timeline(i, "breach-notice", "Notice to " + recipient.name().toLowerCase(Locale.ROOT) + " sent (" + method + ")",
                Map.of("recipient", recipient.name()));
        return notices(i.id()).stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    public Report report(String reference) {
        Incident i = incidents.find(reference);
        Assessment a = assessment(i.id()).orElse(new Assessment(i.id(), "", "", "", "", null, 0, Map.of(), Decision.PENDING, "", null, null));
        Map<String, Integer> states = a.residentsByState();
        int computed = affectedFromAuditRecords(i.id());
        int affected = Math.max(a.affectedPatients(), computed);
        LocalDate discovered = LocalDate.ofInstant(i.discoveredAt(), zone);
        LocalDate today = LocalDate.now(zone);
        List<Notice> notices = notices(i.id());
        List<DeadlineState> deadlines = new ArrayList<>();
        for (Deadline d : BreachDeadlines.of(discovered, affected, states)) {
            Optional<Notice> sent = notices.stream().filter(n -> n.recipient() == d.recipient()).findFirst();
            deadlines.add(new DeadlineState(d, sent, BreachDeadlines.daysLeft(d, today)));
        }
        return new Report(i, new Assessment(a.incidentId(), a.phiNature(), a.recipient(), a.acquiredOrViewed(), a.mitigation(), a.exception(),
                affected, states, a.decision(), a.justification(), a.approver(), a.decidedAt()), computed, deadlines, notices);
    }

    /** Distinct patients in the incident's linked audit records. */
    int affectedFromAuditRecords(UUID incident) {
        List<Long> ids = incidents.links(incident).stream().filter(l -> l.kind().equals(Incidents.LinkKind.AUDIT_RECORD.name()))
                .map(l -> Long.parseLong(l.ref())).toList();
        return (int) audit.byIds(ids).stream().map(AuditRecord::patientId).filter(Objects::nonNull).distinct().count();
    }

    /**
     * Sends the 30/45/55-day reminders due today for every security/privacy incident not decided "not a breach" with
     * a 60-day notice still unsent; each reminder once (recorded), however many instances run this.
     */
    public List<String> sendReminders(LocalDate today) {
        List<String> sent = new ArrayList<>();
        int lastDay = BreachDeadlines.REMINDER_DAYS.get(BreachDeadlines.REMINDER_DAYS.size() - 1);
        List<UUID> allReminded = jdbc.sql("SELECT incident_id FROM holi_ops.breach_reminders WHERE day = ?").param(lastDay)
                .query(UUID.class).list();
        for (Incident i : incidents.list(false)) {
            if (i.type() != IncidentType.SECURITY_PRIVACY || allReminded.contains(i.id())) {
                continue; // nothing more to remind of this one: no report to compute
            }
            Report r = report(i.reference());
            if (!r.notifiable()) {
                continue;
            }
            List<DeadlineState> due = r.deadlines().stream().filter(d -> d.sent().isEmpty() && !d.deadline().annualLog()).toList();
            if (due.isEmpty()) {
                continue;
            }
            Optional<Integer> day = BreachDeadlines.reminderDay(LocalDate.ofInstant(i.discoveredAt(), zone), today);
            if (day.isEmpty()) {
                continue;
            }
            int inserted = jdbc.sql("INSERT INTO holi_ops.breach_reminders (incident_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(i.id(), day.get()).update();
            if (inserted == 0) {
                continue;
            }
            String text = i.reference() + " (" + i.title() + "): breach notices still due — " + String.join("; ", due.stream()
                    .map(d -> d.deadline().recipient().name().toLowerCase(Locale.ROOT) + " by " + d.deadline().due()
                            + " (" + d.daysLeft() + " days left)").toList());
            Notifier n = notifier.getIfAvailable();
            if (n != null && n.configured()) {
                n.send(Notification.critical("Breach notification deadline: day " + day.get() + " of 60", text).withDedupKey(
                        "breach-" + i.id() + "-" + day.get()));
            }
            incidents.timeline(i, "breach-reminder", "Day " + day.get() + " reminder: " + text, Map.of("day", day.get()));
            sent.add(text);
        }
        return sent;
    }

    private void ensureRow(UUID incident) {
        jdbc.sql("INSERT INTO holi_ops.breach_assessments (incident_id) VALUES (?) ON CONFLICT DO NOTHING").param(incident).update();
    }

    private Optional<Assessment> assessment(UUID incident) {
        return jdbc.sql("""
                        SELECT phi_nature, recipient, acquired_or_viewed, mitigation, exception, affected_patients, residents_by_state::text,
                               decision, justification, approver, decided_at
                        FROM holi_ops.breach_assessments WHERE incident_id = ?""")
                .param(incident)
                .query((rs, n) -> {
                    Timestamp decided = rs.getTimestamp(11);
                    return new Assessment(incident, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5) == null ? null : Exception.valueOf(rs.getString(5)), rs.getInt(6),
                            new LinkedHashMap<>(json.readValue(rs.getString(7), STATES)), Decision.valueOf(rs.getString(8)), rs.getString(9),
                            rs.getString(10), decided == null ? null : decided.toInstant());
                }).optional();
    }

    private List<Notice> notices(UUID incident) {
        return jdbc.sql("SELECT id, recipient, sent_at, method, note, recorded_by FROM holi_ops.breach_notifications WHERE incident_id = ? ORDER BY sent_at")
                .param(incident).query((rs, n) -> new Notice(rs.getObject(1, UUID.class), Recipient.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6))).list();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
