package io.holi.reminders.internal;

import io.holi.reminders.Channel;
import io.holi.reminders.Consent;
import io.holi.reminders.Reminder;
import io.holi.reminders.ReminderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reminders' tables: consents and the outbox. No message text is stored, and a link's token only as its hash. */
@Repository
public class ReminderRepository {

    private static final String COLUMNS = "id, appointment_id, patient_id, channel, offset_minutes, appointment_at, due_at, status, "
            + "attempts, next_attempt_at, provider_message_id, provider_status, error, outcome, sent_at, link_used_at, link_used_for";

    private final JdbcClient jdbc;

    ReminderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Reminder map(ResultSet rs, int i) throws SQLException {
        return new Reminder(rs.getObject("id", UUID.class), rs.getObject("appointment_id", UUID.class), rs.getObject("patient_id", UUID.class),
                Channel.valueOf(rs.getString("channel")), Duration.ofMinutes(rs.getInt("offset_minutes")), instant(rs, "appointment_at"),
                instant(rs, "due_at"), ReminderStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                rs.getString("provider_message_id"), rs.getString("provider_status"), rs.getString("error"), rs.getString("outcome"),
                instant(rs, "sent_at"), instant(rs, "link_used_at"), rs.getString("link_used_for"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    // --- consents

    public List<Consent> consents(UUID patientId) {
        return jdbc.sql("SELECT * FROM reminder_consents WHERE patient_id = ? ORDER BY channel").param(patientId)
                .query((rs, i) -> new Consent(Channel.valueOf(rs.getString("channel")), rs.getBoolean("opted_in"),
                        Consent.Source.valueOf(rs.getString("source")), rs.getTimestamp("changed_at").toInstant(),
                        rs.getObject("changed_by", UUID.class), rs.getString("language"))).list();
    }

    public Optional<Consent> consent(UUID patientId, Channel channel) {
        return consents(patientId).stream().filter(c -> c.channel() == channel).findFirst();
    }

    /** Sets a consent; true when it changed (a repeated STOP changes nothing and records nothing). */
    public boolean setConsent(UUID patientId, Channel channel, boolean optedIn, Consent.Source source, UUID by, String language) {
        return jdbc.sql("""
                        INSERT INTO reminder_consents (patient_id, channel, opted_in, source, changed_by, language)
                        VALUES (:patient, :channel, :in, :source, :by, coalesce(:language, 'en'))
                        ON CONFLICT (patient_id, channel) DO UPDATE
                           SET opted_in = excluded.opted_in, source = excluded.source, changed_by = excluded.changed_by,
                               changed_at = now(), language = coalesce(:language, reminder_consents.language)
                         WHERE reminder_consents.opted_in <> excluded.opted_in
                            OR reminder_consents.language IS DISTINCT FROM coalesce(:language, reminder_consents.language)""")
                .param("patient", patientId).param("channel", channel.name()).param("in", optedIn).param("source", source.name())
                .param("by", by).param("language", language).update() > 0;
    }

    // --- the outbox, as appointments change

    /** Creates or moves an appointment's reminder for one channel and offset; a reminder already sent for this time stays. */
    public void schedule(UUID appointmentId, UUID patientId, Channel channel, Duration offset, Instant appointmentAt) {
        Timestamp due = Timestamp.from(appointmentAt.minus(offset));
        jdbc.sql("""
                        INSERT INTO reminders (id, appointment_id, patient_id, channel, offset_minutes, appointment_at, due_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (appointment_id, channel, offset_minutes) DO UPDATE
                           SET appointment_at = excluded.appointment_at, due_at = excluded.due_at, next_attempt_at = excluded.due_at,
                               status = 'PENDING', attempts = 0, lease_until = NULL, provider_message_id = NULL, provider_status = NULL,
                               error = NULL, outcome = NULL, sent_at = NULL, link_hash = NULL, link_expires_at = NULL,
                               link_used_at = NULL, link_used_for = NULL, updated_at = now()
                         WHERE reminders.appointment_at <> excluded.appointment_at OR reminders.status = 'VOID'""")
                .params(UUID.randomUUID(), appointmentId, patientId, channel.name(), (int) offset.toMinutes(), Timestamp.from(appointmentAt), due, due)
                .update();
    }

    /** Voids an appointment's reminders still waiting (all of them, or those of one channel and offset). */
    public int voidPending(UUID appointmentId, String why, Channel channel, Duration offset) {
        return jdbc.sql("""
                        UPDATE reminders SET status = 'VOID', outcome = 'void', error = :why, updated_at = now()
                         WHERE appointment_id = :appointment AND status = 'PENDING'
                           AND (CAST(:channel AS text) IS NULL OR channel = :channel) AND (CAST(:offset AS integer) IS NULL OR offset_minutes = :offset)""")
                .param("why", why).param("appointment", appointmentId).param("channel", channel == null ? null : channel.name())
                .param("offset", offset == null ? null : (int) offset.toMinutes()).update();
    }

    // --- the worker

    /** Claims up to {@code limit} due reminders for this worker: no other worker sees them until the lease ends. */
    public List<Reminder> claim(int limit, Duration lease) {
        return jdbc.sql("""
                        UPDATE reminders r SET status = 'SENDING', attempts = r.attempts + 1, lease_until = now() + make_interval(secs => ?),
                               updated_at = now()
                          FROM (SELECT id FROM reminders WHERE status = 'PENDING' AND next_attempt_at <= now()
                                 ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                         WHERE r.id = due.id
                        RETURNING r.*""")
                .params((double) lease.toSeconds(), limit).query(ReminderRepository::map).list();
    }

    /** Records the link sent with a claimed reminder (its SHA-256 only). */
    public void link(UUID id, byte[] hash, Instant expires) {
        jdbc.sql("UPDATE reminders SET link_hash = ?, link_expires_at = ? WHERE id = ? AND status = 'SENDING'")
                .params(hash, Timestamp.from(expires), id).update();
    }

    /** A claimed reminder's end; false when the claim was lost (the lease ran out, or the appointment moved meanwhile). */
    public boolean finish(UUID id, ReminderStatus status, String outcome, String providerId, String error) {
        return jdbc.sql("""
                        UPDATE reminders SET status = ?, outcome = ?, provider_message_id = ?, error = ?, lease_until = NULL,
                               sent_at = CASE WHEN ? IN ('SENT', 'DELIVERED') THEN now() END, updated_at = now()
                         WHERE id = ? AND status = 'SENDING'""")
                .params(status.name(), outcome, providerId, error, status.name(), id).update() == 1;
    }

    /** A claimed reminder goes back to wait after a transient failure. */
    public boolean retryLater(UUID id, Instant at, String error) {
        return jdbc.sql("""
                        UPDATE reminders SET status = 'PENDING', next_attempt_at = ?, error = ?, lease_until = NULL, updated_at = now()
                         WHERE id = ? AND status = 'SENDING'""")
                .params(Timestamp.from(at), error, id).update() == 1;
    }

    /** Claims whose worker vanished mid-send: their outcome is unknown, so they fail rather than go twice. */
    public List<Reminder> failExpiredLeases() {
        return jdbc.sql("""
                        UPDATE reminders SET status = 'FAILED', outcome = 'failed', lease_until = NULL, updated_at = now(),
                               error = 'outcome unknown: the instance sending it stopped before recording the answer'
                         WHERE status = 'SENDING' AND lease_until < now() RETURNING *""").query(ReminderRepository::map).list();
    }

    /** Seconds since the oldest due reminder became due (0 when none waits). */
    public double oldestPendingSeconds() {
        return jdbc.sql("SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0) FROM reminders "
                + "WHERE status = 'PENDING' AND next_attempt_at <= now()").query(Double.class).single();
    }

    // --- providers' reports

    public Optional<Reminder> byProviderId(String providerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE provider_message_id = ?").param(providerId)
                .query(ReminderRepository::map).optional();
    }

    /** Moves a reminder forward on a provider's report; false when the report would move it back (or sideways). */
    public boolean advance(UUID id, ReminderStatus from, ReminderStatus to, String providerStatus, String error) {
        return jdbc.sql("""
                        UPDATE reminders SET status = ?, provider_status = ?, error = coalesce(?, error), updated_at = now(),
                               outcome = CASE WHEN ? = 'FAILED' THEN 'failed' ELSE outcome END
                         WHERE id = ? AND status = ?""")
                .params(to.name(), providerStatus, error, to.name(), id, from.name()).update() == 1;
    }

    public void providerStatus(UUID id, String providerStatus) {
        jdbc.sql("UPDATE reminders SET provider_status = ?, updated_at = now() WHERE id = ?").params(providerStatus, id).update();
    }

    // --- links

    /** A sent reminder's link, and the language its message was in (the patient's consent's, for that channel). */
    public record Link(UUID reminderId, UUID appointmentId, Instant appointmentAt, Instant expiresAt, Instant usedAt, String usedFor,
                       String language) {
    }

    public Optional<Link> link(byte[] hash) {
        return jdbc.sql("""
                        SELECT r.id, r.appointment_id, r.appointment_at, r.link_expires_at, r.link_used_at, r.link_used_for, c.language
                          FROM reminders r LEFT JOIN reminder_consents c ON c.patient_id = r.patient_id AND c.channel = r.channel
                         WHERE r.link_hash = ?""")
                .param(hash).query((rs, i) -> new Link(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), instant(rs, "appointment_at"),
                        instant(rs, "link_expires_at"), instant(rs, "link_used_at"), rs.getString("link_used_for"), rs.getString("language")))
                .optional();
    }

    /** Uses a link once: false when it was used already or has expired. */
    public boolean useLink(byte[] hash, String what) {
        return jdbc.sql("UPDATE reminders SET link_used_at = now(), link_used_for = ?, updated_at = now() "
                        + "WHERE link_hash = ? AND link_used_at IS NULL AND link_expires_at > now()")
                .params(what, hash).update() == 1;
    }

    // --- reading

    public List<Reminder> forPatient(UUID patientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE patient_id = ? ORDER BY appointment_at DESC, channel, offset_minutes DESC LIMIT 50")
                .param(patientId).query(ReminderRepository::map).list();
    }

    public List<Reminder> forAppointment(UUID appointmentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE appointment_id = ? ORDER BY channel, offset_minutes DESC")
                .param(appointmentId).query(ReminderRepository::map).list();
    }

    public Optional<Reminder> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE id = ?").param(id).query(ReminderRepository::map).optional();
    }

    /** Counts by status and channel, for the CLI's status. */
    public Map<String, Long> countsByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("SELECT channel || ' ' || status, count(*) FROM reminders GROUP BY 1 ORDER BY 1")
                .query((rs, i) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    /** Outcomes of the reminders finished in [from, to), by outcome ('sent', 'failed', 'opted_out', …). */
    public Map<String, Long> outcomes(Instant from, Instant to) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("SELECT outcome, count(*) FROM reminders WHERE outcome IS NOT NULL AND coalesce(sent_at, updated_at) >= ? AND coalesce(sent_at, updated_at) < ? GROUP BY 1 ORDER BY 1")
                .params(Timestamp.from(from), Timestamp.from(to)).query((rs, i) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    public List<Reminder> failedAhead() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reminders WHERE status = 'FAILED' AND appointment_at > now() ORDER BY updated_at DESC LIMIT 100")
                .query(ReminderRepository::map).list();
    }

    /** Failed reminders back to the outbox, due now; the ids given, or every failed one when none is given. */
    public int retry(Collection<UUID> ids) {
        String where = ids.isEmpty() ? "" : " AND id = ANY(?)";
        var spec = jdbc.sql("UPDATE reminders SET status = 'PENDING', attempts = 0, next_attempt_at = now(), outcome = NULL, "
                + "updated_at = now() WHERE status = 'FAILED' AND appointment_at > now()" + where);
        return (ids.isEmpty() ? spec : spec.param(ids.toArray(UUID[]::new))).update();
    }
}
