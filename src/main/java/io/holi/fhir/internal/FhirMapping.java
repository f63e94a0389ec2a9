package io.holi.fhir.internal;

import io.holi.identity.UserAccount;
import io.holi.notes.Note;
import io.holi.notes.NoteVersion;
import io.holi.patients.Patient;
import io.holi.patients.PatientSummary;
import io.holi.patients.Sex;
import io.holi.prescribing.Prescription;
import io.holi.scheduling.Appointment;
import io.holi.scheduling.AppointmentStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/** holi's records as FHIR R4 resources. Plain functions: no I/O, no gate; the callers have passed it. */
final class FhirMapping {

    /** The medical record number's system: holi's own, stable across installations. */
    static final String MRN_SYSTEM = "urn:holi:mrn";
    static final String NATIONAL_ID_SYSTEM = "urn:holi:national-id";
    static final String USER_SYSTEM = "urn:holi:user";

    private FhirMapping() {
    }

    static org.hl7.fhir.r4.model.Patient patient(Patient p) {
        var r = new org.hl7.fhir.r4.model.Patient();
        r.setId(p.id().toString());
        r.getMeta().setLastUpdated(Date.from(p.updatedAt()));
        r.addIdentifier(mrn(p.mrn()));
        if (p.nationalId() != null) {
            r.addIdentifier().setSystem(NATIONAL_ID_SYSTEM).setValue(p.nationalId());
        }
        r.setActive(true);
        r.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.lastName()).addGiven(p.firstName());
        r.setBirthDateElement(new DateType(p.dateOfBirth().toString()));
        r.setGender(gender(p.sex()));
        if (p.email() != null) {
            r.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(p.email());
        }
        if (p.phone() != null) {
            r.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(p.phone());
        }
        if (p.address() != null) {
            r.addAddress().setText(p.address());
        }
        return r;
    }

    static org.hl7.fhir.r4.model.Patient patient(PatientSummary p) {
        var r = new org.hl7.fhir.r4.model.Patient();
        r.setId(p.id().toString());
        r.addIdentifier(mrn(p.mrn()));
        r.setActive(true);
        r.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.lastName()).addGiven(p.firstName());
        r.setBirthDateElement(new DateType(p.dateOfBirth().toString()));
        r.setGender(gender(p.sex()));
        return r;
    }

    private static Identifier mrn(String mrn) {
        var id = new Identifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(MRN_SYSTEM).setValue(mrn);
        id.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR").setDisplay("Medical record number");
        return id;
    }

    private static Enumerations.AdministrativeGender gender(Sex sex) {
        if (sex == null) {
            return Enumerations.AdministrativeGender.UNKNOWN;
        }
        return switch (sex) {
            case FEMALE -> Enumerations.AdministrativeGender.FEMALE;
            case MALE -> Enumerations.AdministrativeGender.MALE;
            case OTHER -> Enumerations.AdministrativeGender.OTHER;
            case UNKNOWN -> Enumerations.AdministrativeGender.UNKNOWN;
        };
    }

    static Practitioner practitioner(UserAccount u) {
        var r = new Practitioner();
        r.setId(u.id().toString());
        r.getMeta().setLastUpdated(Date.from(u.updatedAt()));
        r.addIdentifier().setSystem(USER_SYSTEM).setValue(u.id().toString());
        r.setActive(u.active());
        r.addName().setText(u.name());
        r.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setUse(ContactPoint.ContactPointUse.WORK).setValue(u.email());
        return r;
    }

    static org.hl7.fhir.r4.model.Appointment appointment(Appointment a) {
        var r = new org.hl7.fhir.r4.model.Appointment();
        r.setId(a.id().toString());
        r.getMeta().setLastUpdated(Date.from(a.createdAt()));
        r.setStatus(status(a.status()));
        r.setStart(Date.from(a.startsAt()));
        r.setEnd(Date.from(a.endsAt()));
        r.setMinutesDuration(a.durationMinutes());
        r.setCreated(Date.from(a.createdAt()));
        if (a.reason() != null) {
            r.setDescription(a.reason());
        }
        r.addParticipant().setActor(patientRef(a.patientId()))
                .setRequired(org.hl7.fhir.r4.model.Appointment.ParticipantRequired.REQUIRED)
                .setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
        r.addParticipant().setActor(new Reference("Practitioner/" + a.clinicianId()))
                .setRequired(org.hl7.fhir.r4.model.Appointment.ParticipantRequired.REQUIRED)
                .setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
        return r;
    }

    static org.hl7.fhir.r4.model.Appointment.AppointmentStatus status(AppointmentStatus s) {
        return switch (s) {
            case SCHEDULED -> org.hl7.fhir.r4.model.Appointment.AppointmentStatus.BOOKED;
            case CHECKED_IN -> org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CHECKEDIN;
            case COMPLETED -> org.hl7.fhir.r4.model.Appointment.AppointmentStatus.FULFILLED;
            case CANCELLED -> org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CANCELLED;
            case NO_SHOW -> org.hl7.fhir.r4.model.Appointment.AppointmentStatus.NOSHOW;
        };
    }

    /** The FHIR statuses holi keeps; the others (proposed, pending, arrived, waitlist…) have no holi meaning. */
    static Optional<AppointmentStatus> status(org.hl7.fhir.r4.model.Appointment.AppointmentStatus s) {
        for (AppointmentStatus ours : AppointmentStatus.values()) {
            if (status(ours) == s) {
                return Optional.of(ours);
            }
        }
        return Optional.empty();
    }

    static MedicationRequest medicationRequest(Prescription p) {
        var r = new MedicationRequest();
        r.setId(p.id().toString());
        r.getMeta().setLastUpdated(Date.from(p.discontinuedAt() != null ? p.discontinuedAt() : p.createdAt()));
        r.setStatus("ACTIVE".equals(p.status()) ? MedicationRequest.MedicationRequestStatus.ACTIVE
                : MedicationRequest.MedicationRequestStatus.STOPPED);
        if (p.discontinueReason() != null) {
            r.setStatusReason(new CodeableConcept().setText(p.discontinueReason()));
        }
        r.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        r.setMedication(new CodeableConcept().setText(p.medication()));
        r.setSubject(patientRef(p.patientId()));
        r.setAuthoredOn(Date.from(p.createdAt()));
        r.setRequester(new Reference("Practitioner/" + p.prescriberId()));
        Dosage dosage = r.addDosageInstruction().setText(dosageText(p));
        if (p.instructions() != null) {
            dosage.setPatientInstruction(p.instructions());
        }
        if (p.route() != null) {
            dosage.setRoute(new CodeableConcept().setText(p.route()));
        }
        r.getDispenseRequest().setNumberOfRepeatsAllowed(p.refills())
                .setQuantity((SimpleQuantity) new SimpleQuantity().setValue(p.quantity()));
        return r;
    }

    private static String dosageText(Prescription p) {
        StringBuilder b = new StringBuilder(p.dosage());
        if (p.route() != null) {
            b.append(", ").append(p.route());
        }
        if (p.frequency() != null) {
            b.append(", ").append(p.frequency());
        }
        return b.toString();
    }

    /** A clinical note as a DocumentReference whose version is the note's. */
    static DocumentReference document(Note n) {
        return document(n.id(), n.patientId(), n.authorId(), n.version(), n.text(), n.updatedAt(), n.createdAt());
    }

    static DocumentReference document(Note current, NoteVersion v) {
        return document(current.id(), current.patientId(), current.authorId(), v.version(), v.text(), v.createdAt(), current.createdAt());
    }

    private static DocumentReference document(UUID id, UUID patientId, UUID authorId, int version, String text, Instant at, Instant created) {
        var r = new DocumentReference();
        r.setId(new org.hl7.fhir.r4.model.IdType("DocumentReference", id.toString(), Integer.toString(version)));
        r.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(at));
        r.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        r.getType().addCoding().setSystem("http://loinc.org").setCode("11506-3").setDisplay("Progress note");
        r.addCategory().addCoding().setSystem("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category")
                .setCode("clinical-note").setDisplay("Clinical Note");
        r.setSubject(patientRef(patientId));
        r.setDate(Date.from(at));
        r.addAuthor(new Reference("Practitioner/" + authorId));
        r.addContent().getAttachment().setContentType("text/plain; charset=utf-8")
                .setData(text.getBytes(StandardCharsets.UTF_8)).setCreation(Date.from(created));
        return r;
    }

    static Reference patientRef(UUID patientId) {
        return new Reference("Patient/" + patientId);
    }
}
