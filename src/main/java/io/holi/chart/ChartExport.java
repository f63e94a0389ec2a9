package io.holi.chart;

import io.holi.access.AccessGrants;
import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.notes.NoteService;
import io.holi.patients.Patient;
import io.holi.patients.PatientService;
import io.holi.platform.Caller;
import io.holi.prescribing.PrescriptionService;
import io.holi.scheduling.AppointmentService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The patient's whole chart as one document: one gate decision for EXPORT, one EXPORT audit record, read in
 * one repeatable-read transaction so the document is a consistent snapshot.
 */
@Service
public class ChartExport {

    private final PhiGate gate;
    private final PatientService patients;
    private final AppointmentService appointments;
    private final PrescriptionService prescriptions;
    private final NoteService notes;
    private final AccessGrants grants;
    private final AuditTrail audit;

    ChartExport(PhiGate gate, PatientService patients, AppointmentService appointments, PrescriptionService prescriptions,
                NoteService notes, AccessGrants grants, AuditTrail audit) {
        this.gate = gate;
        this.patients = patients;
        this.appointments = appointments;
        this.prescriptions = prescriptions;
        this.notes = notes;
        this.grants = grants;
        this.audit = audit;
    }

    @Transactional(isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public PatientChart export(UUID patientId) {
        Caller caller = Caller.require();
        gate.require(caller, patientId, Purpose.EXPORT, "Patient");
        Patient patient = patients.forExport(patientId);
        List<PatientChart.ChartNote> chartNotes = notes.forExport(patientId).entrySet().stream()
                .map(e -> new PatientChart.ChartNote(e.getKey(), e.getValue())).toList();
        PatientChart chart = new PatientChart("holi-chart/1", Instant.now(), caller.id(), patient,
                appointments.forExport(patientId), prescriptions.forExport(patientId), chartNotes,
                grants.forExport(patientId));
        audit.record(AuditEvent.of(AuditAction.EXPORT).resource("Patient", patientId).patient(patientId)
                .detail("appointments", chart.appointments().size()).detail("prescriptions", chart.prescriptions().size())
                .detail("notes", chart.notes().size()).build());
        return chart;
    }
}
