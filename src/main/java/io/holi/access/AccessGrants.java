package io.holi.access;

import io.holi.access.internal.GrantRepository;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Per-patient grants: given by administrators, to creators, and by break-glass in emergencies. */
@Service
public class AccessGrants {

    public static final Duration BREAK_GLASS_DURATION = Duration.ofHours(1);
    /** A break-glass reason is a sentence: at least this many words, not all the same, and this many letters. */
    public static final int MIN_BREAK_GLASS_WORDS = 3;
    private static final int MIN_BREAK_GLASS_LETTERS = 8;

    private final GrantRepository grants;
    private final PatientRegistry patients;
    private final UserService users;
    private final AuditTrail audit;

    AccessGrants(GrantRepository grants, PatientRegistry patients, UserService users, AuditTrail audit) {
        this.grants = grants;
        this.patients = patients;
        this.users = users;
        this.audit = audit;
    }

    /**
     * An administrator grants a user access to a patient (GRANT_CREATED). Nobody grants access to themself: an
     * administrator who needs a patient's records breaks the glass, which lasts an hour, needs a reason and is
     * reviewed by someone else.
     */
    @Transactional
    public Grant grant(UUID patientId, UUID userId, String reason, Optional<Instant> expiresAt) {
        requirePatient(patientId);
        Optional<Caller> caller = Caller.current();
        if (caller.isPresent() && caller.get().id().equals(userId)) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("nobody grants access to themself")
                    .resource("AccessGrant").patient(patientId).detail("purpose", "GRANT").build());
            throw HoliException.forbidden("Nobody grants access to themself. An administrator who needs this patient's "
                    + "records breaks the glass (POST /api/patients/{id}/break-glass): one hour, with a reason, "
                    + "reviewed by someone else");
        }
        UserAccount user = users.find(userId).orElseThrow(() -> HoliException.invalid("userId", "no such user"));
        if (!user.active()) {
            throw HoliException.conflict("User " + user.email() + " is deactivated");
        }
        if (user.role() == Role.AUDITOR) {
            throw HoliException.invalid("userId", "auditors never read PHI; a grant would have no effect");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(Instant.now())) {
            throw HoliException.invalid("expiresAt", "must be in the future");
        }
        if (grants.state(userId, patientId).active() && grants.hasActive(userId, patientId, "GRANT")) {
            throw HoliException.conflict("User " + user.email() + " already holds an active grant for this patient");
        }
        UUID id = grants.insert(userId, patientId, Caller.current().map(Caller::id).orElse(null), reason, "GRANT",
                expiresAt.orElse(null));
        audit.record(AuditEvent.of(AuditAction.GRANT_CREATED).resource("AccessGrant", id).patient(patientId)
                .detail("grantee", userId.toString()).detail("kind", "GRANT")
                .detail("expiresAt", expiresAt.map(Instant::toString).orElse(null)).build());
        return grants.find(id).orElseThrow();
    }

    /** Whoever registers a patient may see it (called inside the registration's transaction). */
    public void grantToCreator(UUID userId, UUID patientId) {
        UUID id = grants.insert(userId, patientId, userId, "registered the patient", "CREATOR", null);
        audit.record(AuditEvent.of(AuditAction.GRANT_CREATED).resource("AccessGrant", id).patient(patientId)
                .detail("grantee", userId.toString()).detail("kind", "CREATOR").build());
    }

    /** Revokes every active grant the user holds for the patient (GRANT_REVOKED). */
    @Transactional
    public int revoke(UUID patientId, UUID userId) {
        requirePatient(patientId);
        int revoked = grants.revoke(userId, patientId, Caller.current().map(Caller::id).orElse(null));
        if (revoked == 0) {
            throw HoliException.notFound("User " + userId + " holds no active grant for this patient");
        }
        audit.record(AuditEvent.of(AuditAction.GRANT_REVOKED).resource("AccessGrant").patient(patientId)
                .detail("grantee", userId.toString()).detail("revoked", revoked).build());
        return revoked;
    }

    /**
     * A removed patient's grants end with it (inside the removal's transaction): nobody keeps access to a record
     * that is gone, and a restore of the patient would need new grants.
     */
    public void endAllForRemovedPatient(UUID patientId) {
        int ended = grants.revokeAll(patientId, Caller.current().map(Caller::id).orElse(null));
        if (ended > 0) {
            audit.record(AuditEvent.of(AuditAction.GRANT_REVOKED).resource("AccessGrant").patient(patientId)
                    .detail("revoked", ended).detail("why", "patient removed").build());
        }
    }

    public List<Grant> list(UUID patientId) {
        requirePatient(patientId);
        List<Grant> list = grants.forPatient(patientId);
        audit.record(AuditEvent.of(AuditAction.READ).resource("AccessGrant").patient(patientId)
                .detail("returned", list.size()).build());
        return list;
    }

    /**
     * The caller's own active access to a patient (what the chart's banner shows: break-glass and its time left).
     * It says nothing about the patient, so it is not a PHI read.
     */
    public Optional<Grant> mine(UUID patientId) {
        return grants.activeFor(Caller.require().id(), patientId);
    }

    /** Grants by kind, with how many are active and how many break-glass uses await review: counts, no PHI. */
    public List<java.util.Map<String, Object>> countsByKind() {
        return grants.countsByKind();
    }

    /**
     * The patients a user holds an active grant for (a panel, a bulk export's scope): identifiers only; whoever reads
     * their records passes the gate for each.
     */
    public List<UUID> patientsGrantedTo(UUID userId) {
        return grants.patientsOf(userId);
    }

    /** For a chart export: the caller has passed the gate for EXPORT and records it. */
    public List<Grant> forExport(UUID patientId) {
        return grants.forPatient(patientId);
    }

    /**
     * Emergency access: a clinician or administrator gets one hour of access to a patient, with a reason that
     * is audited (BREAK_GLASS) and listed for review afterwards.
     */
    @Transactional
    public Grant breakGlass(UUID patientId, String reason) {
        Caller caller = Caller.require();
        requirePatient(patientId);
        if (!caller.hasRole(Role.CLINICIAN) && !caller.hasRole(Role.ADMIN)) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("only clinicians and administrators may break the glass")
                    .resource("Patient", patientId).patient(patientId).detail("purpose", "BREAK_GLASS").build());
            throw HoliException.forbidden("Only clinicians and administrators may break the glass");
        }
        if (!isSentence(reason)) {
            throw HoliException.invalid("reason", "must explain the emergency in a sentence of at least "
                    + MIN_BREAK_GLASS_WORDS + " words");
        }
        Instant expires = Instant.now().plus(BREAK_GLASS_DURATION);
        UUID id = grants.insert(caller.id(), patientId, caller.id(), reason.strip(), "BREAK_GLASS", expires);
        audit.record(AuditEvent.of(AuditAction.BREAK_GLASS).resource("Patient", patientId).patient(patientId)
                .detail("grantId", id.toString()).detail("expiresAt", expires.toString()).build());
        return grants.find(id).orElseThrow();
    }

    /** Break-glass uses in a period, for review (newest first). */
    public List<Grant> breakGlassUses(Instant from, Instant to, Optional<Boolean> reviewed) {
        List<Grant> uses = grants.breakGlass(from, to, reviewed);
        audit.record(AuditEvent.of(AuditAction.READ).resource("AccessGrant").detail("view", "break-glass review")
                .detail("returned", uses.size()).build());
        return uses;
    }

    /**
     * Whether a reason is a sentence ("unconscious in A&amp;E") rather than a placeholder ("aaaaaaaaaa", "urgent urgent
     * urgent", "a b c"): at least three words with a letter in them, not all the same word, eight letters in all.
     */
    static boolean isSentence(String reason) {
        if (reason == null) {
            return false;
        }
        List<String> words = java.util.Arrays.stream(reason.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+"))
                .filter(w -> w.codePoints().anyMatch(Character::isLetter)).toList();
        long letters = reason.codePoints().filter(Character::isLetter).count();
        return words.size() >= MIN_BREAK_GLASS_WORDS && words.stream().distinct().count() > 1 && letters >= MIN_BREAK_GLASS_LETTERS;
    }

    /**
     * A reviewer records that a break-glass use was looked at, with a note. The reviewer is someone else than the
     * user who broke the glass and whoever granted it.
     */
    @Transactional
    public Grant review(UUID grantId, String note) {
        Grant g = grants.find(grantId).filter(x -> x.kind().equals("BREAK_GLASS"))
                .orElseThrow(() -> HoliException.notFound("No break-glass use with id " + grantId));
        Caller reviewer = Caller.require();
        if (reviewer.id().equals(g.userId()) || reviewer.id().equals(g.grantedBy())) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("nobody reviews their own break-glass use")
                    .resource("AccessGrant", grantId).patient(g.patientId()).detail("purpose", "REVIEW").build());
            throw HoliException.forbidden("Nobody reviews their own break-glass use: another administrator or an auditor does");
        }
        if (g.reviewedAt() != null) {
            throw HoliException.conflict("This break-glass use was already reviewed on " + g.reviewedAt());
        }
        grants.review(grantId, reviewer.id(), note);
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("AccessGrant", grantId).patient(g.patientId())
                .detail("operation", "break-glass review").build());
        return grants.find(grantId).orElseThrow();
    }

    private void requirePatient(UUID patientId) {
        if (!patients.exists(patientId)) {
            throw HoliException.notFound("No patient with id " + patientId);
        }
    }
}
