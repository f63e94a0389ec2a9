package io.holi.patients.internal;

import io.holi.access.PhiGate;
import io.holi.platform.Caller;
import io.holi.crypto.BlindIndex;
import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.patients.Patient;
import io.holi.patients.PatientInput;
import io.holi.patients.PatientSummary;
import io.holi.patients.Sex;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

@Repository
public class PatientRepository {

    public static final EncryptedColumn EMAIL = new EncryptedColumn("patients", "email_enc");
    public static final EncryptedColumn PHONE = new EncryptedColumn("patients", "phone_enc");
    public static final EncryptedColumn ADDRESS = new EncryptedColumn("patients", "address_enc");
    public static final EncryptedColumn NATIONAL_ID = new EncryptedColumn("patients", "national_id_enc");

    private static final Pattern MRN = Pattern.compile("^[Hh]\\d{9}$");
    /** A phone number as people type it: digits with spaces, dots, dashes, brackets, an optional leading +. */
    private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[0-9 ().\\-/]{6,}$");
    private static final String SUMMARY = "id, mrn, first_name, last_name, date_of_birth, sex";
    private static final String SUMMARY_COLUMNS = "p.id, p.mrn, p.first_name, p.last_name, p.date_of_birth, p.sex";

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final BlindIndex blind;

    /** Above this many active grants, a search starts from the name index rather than from the caller's grants. */
    private final int grantDrivenLimit;

    PatientRepository(JdbcClient jdbc, FieldCipher cipher, BlindIndex blind,
                      @org.springframework.beans.factory.annotation.Value("${holi.patients.search-grant-driven-limit:2000}") int grantDrivenLimit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.blind = blind;
        this.grantDrivenLimit = grantDrivenLimit;
    }

    private final RowMapper<Patient> patient = this::mapPatient;

    private Patient mapPatient(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Patient(id, rs.getString("mrn"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getObject("date_of_birth", LocalDate.class), sex(rs.getString("sex")),
                cipher.decrypt(rs.getBytes("email_enc"), EMAIL, id), cipher.decrypt(rs.getBytes("phone_enc"), PHONE, id),
                cipher.decrypt(rs.getBytes("address_enc"), ADDRESS, id),
                cipher.decrypt(rs.getBytes("national_id_enc"), NATIONAL_ID, id),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static final RowMapper<PatientSummary> SUMMARY_ROW = (rs, i) -> new PatientSummary(
            rs.getObject("id", UUID.class), rs.getString("mrn"), rs.getString("first_name"), rs.getString("last_name"),
            rs.getObject("date_of_birth", LocalDate.class), sex(rs.getString("sex")));

    private static Sex sex(String s) {
        return s == null ? null : Sex.valueOf(s);
    }

    public void insert(UUID id, PatientInput in, UUID createdBy) {
        long n = jdbc.sql("SELECT nextval('patients_mrn_seq')").query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO patients (id, mrn, first_name, last_name, date_of_birth, sex, email_enc, phone_enc,
                                              address_enc, national_id_enc, email_bidx, phone_bidx, national_id_bidx, created_by)
                        VALUES (:id, :mrn, :first, :last, :dob, :sex, :email, :phone, :address, :nid, :emailIdx, :phoneIdx, :nidIdx, :by)""")
                .param("id", id).param("mrn", Mrn.of(n)).param("by", createdBy)
                .params(values(id, in)).update();
    }

    public void update(UUID id, PatientInput in) {
        jdbc.sql("""
                        UPDATE patients SET first_name = :first, last_name = :last, date_of_birth = :dob, sex = :sex,
                            email_enc = :email, phone_enc = :phone, address_enc = :address, national_id_enc = :nid,
                            email_bidx = :emailIdx, phone_bidx = :phoneIdx, national_id_bidx = :nidIdx, updated_at = now()
                        WHERE id = :id""")
                .param("id", id).params(values(id, in)).update();
    }

    private Map<String, Object> values(UUID id, PatientInput in) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("first", in.firstName().strip());
        v.put("last", in.lastName().strip());
        v.put("dob", Date.valueOf(in.dateOfBirth()));
        v.put("sex", in.sex() == null ? null : in.sex().name());
        v.put("email", cipher.encrypt(blankToNull(in.email()), EMAIL, id));
        v.put("phone", cipher.encrypt(blankToNull(in.phone()), PHONE, id));
        v.put("address", cipher.encrypt(blankToNull(in.address()), ADDRESS, id));
        v.put("nid", cipher.encrypt(blankToNull(in.nationalId()), NATIONAL_ID, id));
        v.put("emailIdx", blind.orNull(BlindIndex.Kind.EMAIL, blankToNull(in.email())));
        v.put("phoneIdx", blind.orNull(BlindIndex.Kind.PHONE, blankToNull(in.phone())));
        v.put("nidIdx", blind.orNull(BlindIndex.Kind.NATIONAL_ID, blankToNull(in.nationalId())));
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A patient with the caller's active grant kind and whether the caller's claims hold (see {@link PhiGate#claimsHold()}). */
    public record WithGrant(Patient patient, Optional<String> grantKind, Boolean claimsHold) {
    }

    private static final String WITH_GRANT = "SELECT p.*, " + PhiGate.activeGrantKind("p.id") + " AS grant_kind, "
            + PhiGate.claimsHold() + " AS claims_hold FROM patients p WHERE p.id = :id AND p.deleted_at IS NULL";

    /**
     * The patient, with the kind of the active grant {@code userId} holds for it and, for a deferred caller, whether
     * its claims hold: the PHI gate's hot path in one round trip.
     */
    public Optional<WithGrant> findWithGrant(UUID id, UUID userId, Optional<Caller.Deferred> deferred) {
        return jdbc.sql(WITH_GRANT)
                .param("id", id).param("gate_user", userId).params(PhiGate.claimedCallerParams(deferred))
                .query((rs, i) -> new WithGrant(mapPatient(rs, i), Optional.ofNullable(rs.getString("grant_kind")),
                        (Boolean) rs.getObject("claims_hold")))
                .optional();
    }

    public Optional<Patient> find(UUID id) {
        return jdbc.sql("SELECT * FROM patients WHERE id = ? AND deleted_at IS NULL").param(id).query(patient).optional();
    }

    /** Patients (not removed) whose phone number is one of these, matched through the blind index. */
    public List<UUID> withPhone(Collection<String> numbers) {
        List<byte[]> indexes = numbers.stream().map(n -> blind.of(BlindIndex.Kind.PHONE, n)).flatMap(Optional::stream).toList();
        if (indexes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM patients WHERE phone_bidx = ANY(?) AND deleted_at IS NULL")
                .param(indexes.toArray(byte[][]::new)).query(UUID.class).list();
    }

    public boolean lockForUpdate(UUID id) {
        return jdbc.sql("SELECT 1 FROM patients WHERE id = ? AND deleted_at IS NULL FOR UPDATE").param(id)
                .query(Integer.class).optional().isPresent();
    }

    public long countActive() {
        return jdbc.sql("SELECT count(*) FROM patients WHERE deleted_at IS NULL").query(Long.class).single();
    }

    public boolean exists(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM patients WHERE id = ? AND deleted_at IS NULL)").param(id)
                .query(Boolean.class).single();
    }

    public void softDelete(UUID id, UUID by) {
        jdbc.sql("UPDATE patients SET deleted_at = now(), deleted_by = ?, updated_at = now() WHERE id = ?").params(by, id).update();
    }

    public Map<UUID, PatientSummary> summaries(Collection<UUID> ids) {
        Map<UUID, PatientSummary> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT " + SUMMARY + " FROM patients WHERE id = ANY(?)").param(ids.toArray(UUID[]::new))
                .query(SUMMARY_ROW).list().forEach(p -> out.put(p.id(), p));
        return out;
    }


    /**
     * An MRN, a phone number (digits and punctuation only), a national id (anything with a digit) and an email (with
     * an {@code @}) are matched exactly, the last three through their blind indexes; a query with a letter is also a
     * name fragment: three or more characters match anywhere in "first last" (trigram index), shorter ones
     * the start of a first or last name. Results come in name order (last, first). Only patients the caller holds an
     * active grant for are considered: for a
     * caller with few grants the search starts from the grants, for one with many from the name index.
     */
    public List<PatientSummary> search(UUID caller, Optional<String> query, Optional<LocalDate> dob, long offset, int limit,
                                       java.util.function.BiPredicate<UUID, Integer> fewGrants) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("gate_user", caller);
        params.put("limit", limit);
        params.put("offset", offset);
        List<String> where = new ArrayList<>(List.of("p.deleted_at IS NULL"));
        dob.ifPresent(d -> {
            where.add("p.date_of_birth = :dob");
            params.put("dob", Date.valueOf(d));
        });
        String order = "lower(p.last_name), lower(p.first_name), p.id";
        if (query.isPresent()) {
            String q = query.get();
            String lower = q.toLowerCase(Locale.ROOT);
            List<String> exact = new ArrayList<>();
            if (MRN.matcher(q).matches()) {
                exact.add("p.mrn = :mrn");
                params.put("mrn", q.toUpperCase(Locale.ROOT));
            }
            if (PHONE_LIKE.matcher(q).matches()) {
                blind.of(BlindIndex.Kind.PHONE, q).ifPresent(h -> {
                    exact.add("p.phone_bidx = :phoneIdx");
                    params.put("phoneIdx", h);
                });
            }
            if (q.chars().anyMatch(Character::isDigit) && !q.contains("@")) {
                blind.of(BlindIndex.Kind.NATIONAL_ID, q).ifPresent(h -> {
                    exact.add("p.national_id_bidx = :nidIdx");
                    params.put("nidIdx", h);
                });
            }
            if (q.contains("@")) {
                blind.of(BlindIndex.Kind.EMAIL, q).ifPresent(h -> {
                    exact.add("p.email_bidx = :emailIdx");
                    params.put("emailIdx", h);
                });
            }
            // names are searched whenever the query has a letter and is not an email or an MRN ("Twin2 Marlowe")
            if (q.chars().anyMatch(Character::isLetter) && !q.contains("@") && !MRN.matcher(q).matches()) {
                String like = lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                if (lower.length() >= 3) {
                    exact.add("lower(p.first_name || ' ' || p.last_name) LIKE :contains");
                    params.put("contains", "%" + like + "%");
                } else {
                    exact.add("(lower(p.last_name) LIKE :prefix OR lower(p.first_name) LIKE :prefix)");
                    params.put("prefix", like + "%");
                }
            }
            if (exact.isEmpty()) {
                return List.of();
            }
            where.add("(" + String.join(" OR ", exact) + ")");
        }
        String from;
        if (fewGrants.test(caller, grantDrivenLimit)) {
            from = "patients p WHERE p.id IN " + PhiGate.grantedPatients() + " AND ";
        } else {
            from = "patients p WHERE " + PhiGate.activeGrantCondition("p.id") + " AND ";
        }
        return jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM " + from + String.join(" AND ", where)
                        + " ORDER BY " + order + " LIMIT :limit OFFSET :offset")
                .params(params).query(SUMMARY_ROW).list();
    }

}
