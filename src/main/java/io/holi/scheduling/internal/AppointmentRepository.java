package io.holi.scheduling.internal;

import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.scheduling.Appointment;
import io.holi.scheduling.AppointmentInput;
import io.holi.scheduling.AppointmentStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class AppointmentRepository {

    static final EncryptedColumn REASON = new EncryptedColumn("appointments", "reason_enc");

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final RowMapper<Appointment> row = this::map;

    AppointmentRepository(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    private Appointment map(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Appointment(id, rs.getObject("patient_id", UUID.class), rs.getObject("clinician_id", UUID.class),
                rs.getTimestamp("starts_at").toInstant(), rs.getInt("duration_minutes"), rs.getTimestamp("ends_at").toInstant(),
                AppointmentStatus.valueOf(rs.getString("status")), cipher.decrypt(rs.getBytes("reason_enc"), REASON, id),
                rs.getTimestamp("created_at").toInstant());
    }

    public void insert(UUID id, UUID patientId, UUID clinicianId, AppointmentInput in, UUID createdBy) {
        Instant start = in.startsAt().truncatedTo(ChronoUnit.SECONDS);
        String reason = in.reason() == null || in.reason().isBlank() ? null : in.reason().strip();
        jdbc.sql("""
                        INSERT INTO appointments (id, patient_id, clinician_id, starts_at, duration_minutes, ends_at, reason_enc, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, patientId, clinicianId, Timestamp.from(start), in.durationMinutes(),
                        Timestamp.from(start.plus(in.durationMinutes(), ChronoUnit.MINUTES)),
                        cipher.encrypt(reason, REASON, id), createdBy)
                .update();
    }

    public Optional<UUID> patientOf(UUID id) {
        return jdbc.sql("SELECT patient_id FROM appointments WHERE id = ?").param(id).query(UUID.class).optional();
    }

    public Optional<Appointment> find(UUID id) {
        return jdbc.sql("SELECT * FROM appointments WHERE id = ?").param(id).query(row).optional();
    }

    /** An appointment's time and status, without reading (or decrypting) its reason. */
    public Optional<io.holi.scheduling.AppointmentChanged> timeAndStatus(UUID id) {
        return jdbc.sql("SELECT id, patient_id, starts_at, status FROM appointments WHERE id = ?").param(id)
                .query((rs, i) -> new io.holi.scheduling.AppointmentChanged(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(), AppointmentStatus.valueOf(rs.getString(4)))).optional();
    }

    public Optional<Appointment> findForUpdate(UUID id) {
        return jdbc.sql("SELECT * FROM appointments WHERE id = ? FOR UPDATE").param(id).query(row).optional();
    }

    public List<Appointment> forPatient(UUID patientId) {
        return jdbc.sql("SELECT * FROM appointments WHERE patient_id = ? ORDER BY starts_at").param(patientId).query(row).list();
    }

    public List<Appointment> forClinician(UUID clinicianId, Instant from, Instant to) {
        return jdbc.sql("SELECT * FROM appointments WHERE clinician_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at")
                .params(clinicianId, Timestamp.from(from), Timestamp.from(to)).query(row).list();
    }

    public List<Appointment> between(Instant from, Instant to) {
        return jdbc.sql("SELECT * FROM appointments WHERE starts_at >= ? AND starts_at < ? ORDER BY starts_at, clinician_id")
                .params(Timestamp.from(from), Timestamp.from(to)).query(row).list();
    }

    public long countBetween(Instant from, Instant to) {
        return jdbc.sql("SELECT count(*) FROM appointments WHERE starts_at >= ? AND starts_at < ? AND status <> 'CANCELLED'")
                .params(Timestamp.from(from), Timestamp.from(to)).query(Long.class).single();
    }

    public void changeStatus(UUID id, AppointmentStatus status) {
        jdbc.sql("UPDATE appointments SET status = ?, updated_at = now() WHERE id = ?").params(status.name(), id).update();
    }

    public void reschedule(UUID id, Instant startsAt, int durationMinutes) {
        Instant start = startsAt.truncatedTo(ChronoUnit.SECONDS);
        jdbc.sql("UPDATE appointments SET starts_at = ?, duration_minutes = ?, ends_at = ?, updated_at = now() WHERE id = ?")
                .params(Timestamp.from(start), durationMinutes, Timestamp.from(start.plus(durationMinutes, ChronoUnit.MINUTES)), id)
                .update();
    }

    /** A clinician's busy time (appointments that hold the slot) overlapping [from, to): times only, no patient. */
    public List<Instant[]> busy(UUID clinicianId, Instant from, Instant to, UUID except) {
        return jdbc.sql("""
                        SELECT starts_at, ends_at FROM appointments
                        WHERE clinician_id = ? AND status NOT IN ('CANCELLED', 'NO_SHOW') AND starts_at < ? AND ends_at > ? AND id <> ?
                        ORDER BY starts_at""")
                .params(clinicianId, Timestamp.from(to), Timestamp.from(from), except == null ? new UUID(0, 0) : except)
                .query((rs, i) -> new Instant[]{rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()}).list();
    }

    @Configuration(proxyBeanMethods = false)
    static class Columns {
        @Bean
        EncryptedColumn appointmentReason() {
            return REASON;
        }
    }
}
