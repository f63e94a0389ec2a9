package io.holi.prescribing;

import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.prescribing.internal.PrescriptionRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Prescriptions: written and read by clinicians with a grant; discontinued, never deleted. */
@Service
public class PrescriptionService {

    private final PrescriptionRepository repository;
    private final PhiGate gate;
    private final AuditTrail audit;

    PrescriptionService(PrescriptionRepository repository, PhiGate gate, AuditTrail audit) {
        this.repository = repository;
        this.gate = gate;
        this.audit = audit;
    }

    @Transactional
    public Prescription prescribe(UUID patientId, PrescriptionInput input) {
        Caller caller = Caller.require();
        gate.require(caller, patientId, Purpose.WRITE_CLINICAL, "Prescription");
        UUID id = UUID.randomUUID();
        repository.insert(id, patientId, caller.id(), input);
        audit.record(AuditEvent.of(AuditAction.CREATE).resource("Prescription", id).patient(patientId).build());
        return repository.find(id).orElseThrow();
    }

    /** One prescription, by its id (clinical: READ_CLINICAL for its patient); audited as READ. */
    public Prescription get(UUID prescriptionId) {
        Prescription p = repository.find(prescriptionId)
                .orElseThrow(() -> HoliException.notFound("No prescription with id " + prescriptionId));
        gate.checkRecord(Caller.require(), p.patientId(), Purpose.READ_CLINICAL, "Prescription",
                () -> HoliException.notFound("No prescription with id " + prescriptionId));
        audit.record(AuditEvent.of(AuditAction.READ).resource("Prescription", prescriptionId).patient(p.patientId()).build());
        return p;
    }

    /** Whose prescription this is (an identifier, not the record). */
    public java.util.Optional<UUID> patientOf(UUID prescriptionId) {
        return repository.patientOf(prescriptionId);
    }

    public List<Prescription> forPatient(UUID patientId) {
        gate.require(Caller.require(), patientId, Purpose.READ_CLINICAL, "Prescription");
        List<Prescription> list = repository.forPatient(patientId);
        audit.record(AuditEvent.of(AuditAction.READ).resource("Prescription").patient(patientId)
                .detail("returned", list.size()).build());
        return list;
    }

    @Transactional
    public Prescription discontinue(UUID prescriptionId, String reason) {
        Prescription p = repository.findForUpdate(prescriptionId)
                .orElseThrow(() -> HoliException.notFound("No prescription with id " + prescriptionId));
        Caller caller = Caller.require();
        gate.checkRecord(caller, p.patientId(), Purpose.WRITE_CLINICAL, "Prescription",
                () -> HoliException.notFound("No prescription with id " + prescriptionId));
        if (!"ACTIVE".equals(p.status())) {
            throw HoliException.conflict("This prescription was already discontinued on " + p.discontinuedAt());
        }
        repository.discontinue(prescriptionId, caller.id(), reason.strip());
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("Prescription", prescriptionId).patient(p.patientId())
                .detail("operation", "discontinue").build());
        return repository.find(prescriptionId).orElseThrow();
    }

    /** Prescriptions written since an instant: a business metric, no PHI. */
    public long countCreatedSince(java.time.Instant since) {
        return repository.countCreatedSince(since);
    }

    /** For a chart export: the caller has passed the gate for EXPORT and records it. */
    public List<Prescription> forExport(UUID patientId) {
        return repository.forPatient(patientId);
    }
}
