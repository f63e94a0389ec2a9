package io.holi.access;

import io.holi.access.internal.GrantRepository;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.Role;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.stereotype.Service;

import java.util.UUID;

/**
 * The one place that decides every read and write of PHI. Controllers of the clinical modules call it before
 * touching a record; a denial is audited as PERMISSION_DENIED with the policy's reason and answered with 403.
 */
@Service
public class PhiGate {

    private final GrantRepository grants;
    private final PatientRegistry patients;
    private final AuditTrail audit;

    PhiGate(GrantRepository grants, PatientRegistry patients, AuditTrail audit) {
        this.grants = grants;
        this.patients = patients;
        this.audit = audit;
    }

    /** The decision alone: no audit, no exception. */
    public Decision decide(Caller caller, UUID patientId, Purpose purpose) {
        if (caller.role() == Role.AUDITOR) {
            return PhiPolicy.decide(caller.role(), GrantState.none(), purpose);
        }
        return PhiPolicy.decide(caller.role(), grants.state(caller.id(), patientId), purpose);
    }

    /**
     * For a patient that may not exist: 404 if it does not (or was removed), then {@link #check}.
     */
    public Decision require(Caller caller, UUID patientId, Purpose purpose, String resource) {
        if (!patients.exists(patientId)) {
            throw HoliException.notFound("No patient with id " + patientId);
        }
        return check(caller, patientId, purpose, resource);
    }

    /**
     * For a record addressed by its own id (a note, a prescription, an appointment): when its patient was removed the
     * record is gone too, answered as {@code gone} (the record's own 404); otherwise {@link #check}.
     */
    public Decision checkRecord(Caller caller, UUID patientId, Purpose purpose, String resource,
                                java.util.function.Supplier<HoliException> gone) {
        if (!patients.exists(patientId)) {
            throw gone.get();
        }
        return check(caller, patientId, purpose, resource);
    }

    /**
     * For a patient known to exist: allows, or audits the denial with its reason and throws 403.
     */
    public Decision check(Caller caller, UUID patientId, Purpose purpose, String resource) {
        Decision d = decide(caller, patientId, purpose);
        if (!d.allowed()) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied(d.reason())
                    .resource(resource).patient(patientId).detail("purpose", purpose.name()).build());
            throw HoliException.forbidden("Access to this patient's records is denied: " + d.reason());
        }
        return d;
    }

    /**
     * A SQL condition, for list queries, that holds for rows whose patient the user bound to {@code :gate_user}
     * holds an active grant (or break-glass) for: the same rule as {@link #decide}, evaluated in the database.
     */
    public static String activeGrantCondition(String patientIdColumn) {
        return "EXISTS (SELECT 1 FROM " + GrantRepository.TABLE + " g WHERE g.patient_id = " + patientIdColumn
                + " AND g.user_id = :gate_user AND " + GrantRepository.active("g") + ")";
    }

    /**
     * A SQL sub-select, for list queries that start from the caller's grants: the patients the user bound to
     * {@code :gate_user} holds an active grant for.
     */
    public static String grantedPatients() {
        return "(SELECT g.patient_id FROM " + GrantRepository.TABLE + " g WHERE g.user_id = :gate_user AND "
                + GrantRepository.active("g") + ")";
    }

    /** Whether the user holds at most {@code limit} active grants (few: start a search from them). */
    public boolean holdsAtMost(UUID userId, int limit) {
        return grants.atMost(userId, limit);
    }

    /**
     * A SQL expression, for the query that reads a patient's row, giving the kind of the active grant the user
     * bound to {@code :gate_user} holds for it (regular grants first), or NULL: the gate's hot path, one round
     * trip instead of two. Pass the result to {@link #check(Caller, UUID, Purpose, String, Optional)}.
     */
    public static String activeGrantKind(String patientIdColumn) {
        return "(SELECT g.kind FROM " + GrantRepository.TABLE + " g WHERE g.patient_id = " + patientIdColumn
                + " AND g.user_id = :gate_user AND " + GrantRepository.active("g")
                + " ORDER BY (g.kind = 'BREAK_GLASS') LIMIT 1)";
    }

    /**
     * {@link #check(Caller, UUID, Purpose, String)} when the caller's active grant was read with the record
     * ({@link #activeGrantKind}): allowed at once when the policy allows it; otherwise the full check, which reads
     * why (none, expired, revoked), audits the denial and throws 403.
     */
    public Decision check(Caller caller, UUID patientId, Purpose purpose, String resource, java.util.Optional<String> activeGrantKind) {
        if (activeGrantKind.isPresent()) {
            Decision d = PhiPolicy.decide(caller.role(),
                    new GrantState(GrantState.Status.ACTIVE, activeGrantKind, java.util.Optional.empty()), purpose);
            if (d.allowed()) {
                return d;
            }
        }
        return check(caller, patientId, purpose, resource);
    }

    /**
     * A SQL boolean, for the same statement: whether the request's caller still holds what its token claims, when
     * its authentication left that comparison to this statement ({@link Caller#deferred()}); bind
     * {@link #claimedCallerParams}. Give the result to {@link Caller.Deferred#confirmed}: with the grant above, the
     * gate's hot path is one round trip for the caller, the record and the grant.
     */
    public static String claimsHold() {
        return io.holi.identity.CallerState.CLAIMS_HOLD;
    }

    /** The values {@link #claimsHold()} compares. */
    public static java.util.Map<String, Object> claimedCallerParams(java.util.Optional<Caller.Deferred> deferred) {
        return io.holi.identity.CallerState.params(deferred);
    }

    /** The ids among {@code patientIds} whose demographics the caller may read (for lists such as schedules). */
    public java.util.Set<UUID> readableDemographics(Caller caller, java.util.Collection<UUID> patientIds) {
        if (patientIds.isEmpty() || caller.role() == Role.AUDITOR) {
            return java.util.Set.of();
        }
        return grants.activelyGranted(caller.id(), patientIds);
    }
}
