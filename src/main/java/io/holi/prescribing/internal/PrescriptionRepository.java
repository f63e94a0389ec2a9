package io.holi.prescribing.internal;

import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.prescribing.Prescription;
import io.holi.prescribing.PrescriptionInput;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class PrescriptionRepository {

    static final EncryptedColumn MEDICATION = new EncryptedColumn("prescriptions", "medication_enc");
    static final EncryptedColumn DOSAGE = new EncryptedColumn("prescriptions", "dosage_enc");
    static final EncryptedColumn ROUTE = new EncryptedColumn("prescriptions", "route_enc");
    static final EncryptedColumn FREQUENCY = new EncryptedColumn("prescriptions", "frequency_enc");
    static final EncryptedColumn INSTRUCTIONS = new EncryptedColumn("prescriptions", "instructions_enc");
    static final EncryptedColumn DISCONTINUE_REASON = new EncryptedColumn("prescriptions", "discontinue_reason_enc");

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final RowMapper<Prescription> row = this::map;

    PrescriptionRepository(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    private Prescription map(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Timestamp discontinued = rs.getTimestamp("discontinued_at");
        return new Prescription(id, rs.getObject("patient_id", UUID.class), rs.getObject("prescriber_id", UUID.class),
                cipher.decrypt(rs.getBytes("medication_enc"), MEDICATION, id), cipher.decrypt(rs.getBytes("dosage_enc"), DOSAGE, id),
                cipher.decrypt(rs.getBytes("route_enc"), ROUTE, id), cipher.decrypt(rs.getBytes("frequency_enc"), FREQUENCY, id),
                rs.getInt("quantity"), rs.getInt("refills"), cipher.decrypt(rs.getBytes("instructions_enc"), INSTRUCTIONS, id),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                discontinued == null ? null : discontinued.toInstant(), rs.getObject("discontinued_by", UUID.class),
                cipher.decrypt(rs.getBytes("discontinue_reason_enc"), DISCONTINUE_REASON, id));
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public void insert(UUID id, UUID patientId, UUID prescriberId, PrescriptionInput in) {
        jdbc.sql("""
                        INSERT INTO prescriptions (id, patient_id, prescriber_id, medication_enc, dosage_enc, route_enc, frequency_enc,
                                                   quantity, refills, instructions_enc)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, patientId, prescriberId, cipher.encrypt(clean(in.medication()), MEDICATION, id),
                        cipher.encrypt(clean(in.dosage()), DOSAGE, id), cipher.encrypt(clean(in.route()), ROUTE, id),
                        cipher.encrypt(clean(in.frequency()), FREQUENCY, id), in.quantity(),
                        in.refills() == null ? 0 : in.refills(), cipher.encrypt(clean(in.instructions()), INSTRUCTIONS, id))
                .update();
    }

    public Optional<UUID> patientOf(UUID id) {
        return jdbc.sql("SELECT patient_id FROM prescriptions WHERE id = ?").param(id).query(UUID.class).optional();
    }

    public Optional<Prescription> find(UUID id) {
        return jdbc.sql("SELECT * FROM prescriptions WHERE id = ?").param(id).query(row).optional();
    }

    public Optional<Prescription> findForUpdate(UUID id) {
        return jdbc.sql("SELECT * FROM prescriptions WHERE id = ? FOR UPDATE").param(id).query(row).optional();
    }

    public List<Prescription> forPatient(UUID patientId) {
        return jdbc.sql("SELECT * FROM prescriptions WHERE patient_id = ? ORDER BY created_at").param(patientId).query(row).list();
    }

    public long countCreatedSince(java.time.Instant since) {
        return jdbc.sql("SELECT count(*) FROM prescriptions WHERE created_at >= ?").param(Timestamp.from(since))
                .query(Long.class).single();
    }

    public void discontinue(UUID id, UUID by, String reason) {
        jdbc.sql("UPDATE prescriptions SET status = 'DISCONTINUED', discontinued_at = now(), discontinued_by = ?, "
                        + "discontinue_reason_enc = ? WHERE id = ?")
                .params(by, cipher.encrypt(reason, DISCONTINUE_REASON, id), id).update();
    }

    @Configuration(proxyBeanMethods = false)
    static class Columns {
        @Bean
        EncryptedColumn prescriptionMedication() {
            return MEDICATION;
        }

        @Bean
        EncryptedColumn prescriptionDosage() {
            return DOSAGE;
        }

        @Bean
        EncryptedColumn prescriptionRoute() {
            return ROUTE;
        }

        @Bean
        EncryptedColumn prescriptionFrequency() {
            return FREQUENCY;
        }

        @Bean
        EncryptedColumn prescriptionInstructions() {
            return INSTRUCTIONS;
        }

        @Bean
        EncryptedColumn prescriptionDiscontinueReason() {
            return DISCONTINUE_REASON;
        }
    }
}
