package io.holi.chart;

import io.holi.access.Grant;
import io.holi.notes.Note;
import io.holi.notes.NoteVersion;
import io.holi.patients.Patient;
import io.holi.prescribing.Prescription;
import io.holi.scheduling.Appointment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything held about one patient (the HIPAA right of access). PHI: never logged. */
public record PatientChart(String format, Instant exportedAt, UUID exportedBy, Patient patient,
                           List<Appointment> appointments, List<Prescription> prescriptions, List<ChartNote> notes,
                           List<Grant> accessGrants) {

    public record ChartNote(Note note, List<NoteVersion> versions) {
    }

    @Override
    public String toString() {
        return "PatientChart[patient=" + patient.id() + "]";
    }
}
