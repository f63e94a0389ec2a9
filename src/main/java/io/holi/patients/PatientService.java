package io.holi.patients;

import io.holi.access.AccessGrants;
import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.patients.internal.PatientRepository;
import io.holi.platform.Role;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Patients' demographics. Every method that returns or changes PHI passes the PHI gate first and leaves
 * its audit record before it returns.
 */
@Service
public class PatientService {

    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    private final PatientRepository repository;
    private final PhiGate gate;
    private final AccessGrants grants;
    private final AuditTrail audit;

    private final io.micrometer.core.instrument.Counter registrations;

    PatientService(PatientRepository repository, PhiGate gate, AccessGrants grants, AuditTrail audit,
                   io.micrometer.core.instrument.MeterRegistry meters) {
        this.repository = repository;
        this.gate = gate;
        this.grants = grants;
        this.audit = audit;
        this.registrations = io.micrometer.core.instrument.Counter.builder("holi_patient_registrations")
                .description("Patients registered").register(meters);
    }

    /** Registers a patient; whoever registers it gets a grant to it. */
    @Transactional
    public Patient create(PatientInput input) {
        Caller caller = Caller.require();
        if (caller.role() == Role.AUDITOR) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("auditors never read or write PHI")
                    .resource("Patient").detail("purpose", Purpose.WRITE_DEMOGRAPHICS.name()).build());
            throw HoliException.forbidden("Auditors never read or write PHI");
        }
        validate(input);
        UUID id = UUID.randomUUID();
        repository.insert(id, input, caller.id());
        grants.grantToCreator(caller.id(), id);
        audit.record(AuditEvent.of(AuditAction.CREATE).resource("Patient", id).patient(id).build());
        registrations.increment();
        return repository.find(id).orElseThrow();
    }

    public Patient get(UUID id) {
        // when the caller's token left its state to this read, the patient's statement compares it: one round trip
        Optional<Caller.Deferred> deferred = Caller.deferred();
        UUID callerId = deferred.map(d -> d.claimed().id()).orElseGet(() -> Caller.require().id());
        var found = repository.findWithGrant(id, callerId, deferred);
        // confirmed before anything else: a refused caller learns nothing, not even whether the patient exists
        Caller caller = deferred.map(d -> d.confirmed(found.map(PatientRepository.WithGrant::claimsHold).orElse(null)))
                .orElseGet(Caller::require);
        PatientRepository.WithGrant row = found.orElseThrow(() -> notFound(id));
        gate.check(caller, id, Purpose.READ_DEMOGRAPHICS, "Patient", row.grantKind());
        audit.record(AuditEvent.of(AuditAction.READ).resource("Patient", id).patient(id).build());
        return row.patient();
    }

    @Transactional
    public Patient update(UUID id, PatientInput input) {
        if (!repository.lockForUpdate(id)) {
            throw notFound(id);
        }
        gate.check(Caller.require(), id, Purpose.WRITE_DEMOGRAPHICS, "Patient");
        validate(input);
        repository.update(id, input);
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("Patient", id).patient(id).build());
        return repository.find(id).orElseThrow();
    }

    /**
     * Soft delete: the record stays (legal retention) but is no longer found, listed or readable, nor are its notes,
     * prescriptions and appointments; every grant to it ends.
     */
    @Transactional
    public void delete(UUID id) {
        if (!repository.lockForUpdate(id)) {
            throw notFound(id);
        }
        Caller caller = Caller.require();
        gate.check(caller, id, Purpose.DELETE_PATIENT, "Patient");
        repository.softDelete(id, caller.id());
        grants.endAllForRemovedPatient(id);
        audit.record(AuditEvent.of(AuditAction.DELETE).resource("Patient", id).patient(id).build());
    }

    /**
     * Searches among the patients the caller holds an active grant for: by name fragment, MRN, or exact
     * email, phone or national id. Audited as SEARCH with the ids returned (never the query: it may be PHI).
     */
    public SearchResult search(Optional<String> query, Optional<LocalDate> dateOfBirth, int page, int size) {
        Caller caller = Caller.require();
        if (caller.role() == Role.AUDITOR) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("auditors never read PHI")
                    .resource("Patient").detail("purpose", "SEARCH").build());
            throw HoliException.forbidden("Auditors never read PHI");
        }
        Optional<String> q = query.map(String::strip).filter(s -> !s.isEmpty());
        if (q.isPresent() && q.get().length() > 100) {
            throw HoliException.invalid("query", "must be at most 100 characters");
        }
        List<PatientSummary> rows = repository.search(caller.id(), q, dateOfBirth, (long) page * size, size + 1, gate::holdsAtMost);
        boolean more = rows.size() > size;
        List<PatientSummary> items = more ? rows.subList(0, size) : rows;
        audit.record(AuditEvent.of(AuditAction.SEARCH).resource("Patient")
                .detail("patientIds", items.stream().map(p -> p.id().toString()).toList())
                .detail("returned", items.size()).detail("page", page).build());
        return new SearchResult(List.copyOf(items), page, size, more);
    }

    /** Patients not removed: a business metric, no PHI. */
    public long countActive() {
        return repository.countActive();
    }

    /** Names for lists (schedules): the caller has checked the gate and records the disclosure itself. */
    public Map<UUID, PatientSummary> summaries(Collection<UUID> ids) {
        return repository.summaries(ids);
    }

    /**
     * The full demographics for a chart export. Only for a caller that has passed {@link PhiGate} with
     * {@link Purpose#EXPORT} and records the EXPORT itself.
     */
    public Patient forExport(UUID id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Where a reminder goes and whom it greets, for the reminders module's worker (no caller: the system sends). The
     * caller of this method records the disclosure (the reminder's audit record) and never logs what it returns.
     */
    public Optional<Contact> reminderContact(UUID patientId) {
        return repository.find(patientId).map(p -> new Contact(p.id(), p.firstName(), p.email(), p.phone()));
    }

    /** Patients (not removed) with this phone number, any of these spellings of it (an inbound text's sender). */
    public List<UUID> withPhone(Collection<String> spellings) {
        return repository.withPhone(spellings);
    }

    /** A patient's first name and addresses: PHI, never logged ({@link #toString()} shows only the id). */
    public record Contact(UUID patientId, String firstName, String email, String phone) {
        @Override
        public String toString() {
            return "Contact[patientId=" + patientId + "]";
        }
    }

    private static void validate(PatientInput input) {
        if (input.dateOfBirth().isBefore(EARLIEST_BIRTH)) {
            throw HoliException.invalid("dateOfBirth", "must be after " + EARLIEST_BIRTH);
        }
    }

    private static HoliException notFound(UUID id) {
        return HoliException.notFound("No patient with id " + id);
    }
}
