package io.holi.fhir.internal;

import io.holi.notes.NoteService;
import io.holi.patients.PatientService;
import io.holi.prescribing.PrescriptionService;
import io.holi.scheduling.AppointmentService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What a bulk export holds of one patient: the records of the types asked for, changed since the instant asked for,
 * as FHIR resources. Ungated reads: the export has decided EXPORT for this patient before it asks.
 */
@Component
class ExportContent {

    private final PatientService patients;
    private final AppointmentService appointments;
    private final PrescriptionService prescriptions;
    private final NoteService notes;

    ExportContent(PatientService patients, AppointmentService appointments, PrescriptionService prescriptions, NoteService notes) {
        this.patients = patients;
        this.appointments = appointments;
        this.prescriptions = prescriptions;
        this.notes = notes;
    }

    List<IBaseResource> of(UUID patientId, List<String> types, Optional<Instant> since) {
        Predicate<Instant> changed = at -> since.map(s -> !at.isBefore(s)).orElse(true);
        List<IBaseResource> out = new ArrayList<>();
        if (types.contains("Patient")) {
            var p = patients.forExport(patientId);
            if (changed.test(p.updatedAt())) {
                out.add(FhirMapping.patient(p));
            }
        }
        if (types.contains("Appointment")) {
            appointments.forExport(patientId).stream().filter(a -> changed.test(a.createdAt()))
                    .map(FhirMapping::appointment).forEach(out::add);
        }
        if (types.contains("MedicationRequest")) {
            prescriptions.forExport(patientId).stream()
                    .filter(p -> changed.test(p.discontinuedAt() != null ? p.discontinuedAt() : p.createdAt()))
                    .map(FhirMapping::medicationRequest).forEach(out::add);
        }
        if (types.contains("DocumentReference")) {
            notes.forExport(patientId).keySet().stream().filter(n -> changed.test(n.updatedAt()))
                    .map(FhirMapping::document).forEach(out::add);
        }
        return out;
    }
}
