package io.holi.fhir.internal;

import io.holi.audit.AuditRecord;
import io.holi.identity.UserAccount;
import io.holi.notes.Note;
import io.holi.notes.NoteVersion;
import io.holi.patients.Patient;
import io.holi.patients.PatientSummary;
import io.holi.patients.Sex;
import io.holi.prescribing.Prescription;
import io.holi.scheduling.Appointment;
import io.holi.scheduling.AppointmentStatus;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.ContactPoint;
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

    /**
     * An audit record in the shape of IHE Basic Audit Log Patterns: the agent who asked (user, role, address), the
     * patient as an entity, what was done (restful interaction) and how it ended.
     */
    static AuditEvent auditEvent(AuditRecord a) {
        var r = new AuditEvent();
        r.setId(Long.toString(a.id()));
        r.setRecorded(Date.from(a.timestamp()));
        r.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode(dicomType(a.action()))
                .setDisplay(dicomDisplay(a.action()));
        interaction(a.action()).ifPresent(code -> r.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", code, code)));
        r.addSubtype(new Coding("urn:holi:audit-action", a.action(), a.action()));
        r.setAction(action(a.action()));
        r.setOutcome(switch (a.outcome()) {
            case "SUCCESS" -> AuditEvent.AuditEventOutcome._0;
            case "DENIED" -> AuditEvent.AuditEventOutcome._4;
            default -> AuditEvent.AuditEventOutcome._8;
        });
        Object reason = a.details().get("reason");
        if (reason != null) {
            r.setOutcomeDesc(reason.toString());
        }
        var agent = r.addAgent().setRequestor(true);
        agent.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/extra-security-role-type")
                .setCode("humanuser").setDisplay("human user");
        if (a.userId() != null) {
            agent.setWho(new Reference("Practitioner/" + a.userId()).setDisplay(a.userEmail()));
        } else {
            agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(a.userEmail()))
                    .setDisplay(a.userEmail()));
        }
        if (a.role() != null) {
            agent.addRole().setText(a.role());
        }
        if (a.ipAddress() != null) {
            agent.getNetwork().setAddress(a.ipAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        r.getSource().setSite("holi").setObserver(new Reference().setDisplay("holi"))
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        if (a.patientId() != null) {
            r.addEntity().setWhat(patientRef(a.patientId()))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        if (a.resource() != null) {
            var entity = r.addEntity()
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
            if (a.resourceId() != null) {
                entity.setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:holi:" + a.resource())
                        .setValue(a.resourceId().toString())).setDisplay(a.resource()));
            } else {
                entity.setWhat(new Reference().setDisplay(a.resource()));
            }
            if (a.requestId() != null) {
                entity.addDetail().setType("requestId").setValue(new org.hl7.fhir.r4.model.StringType(a.requestId()));
            }
        }
        return r;
    }

    private static String dicomType(String action) {
        return switch (action) {
            case "LOGIN", "LOGIN_FAILED", "LOGOUT" -> "110114";
            case "EXPORT" -> "110106";
            case "READ", "SEARCH", "CREATE", "UPDATE", "DELETE", "PERMISSION_DENIED", "BREAK_GLASS" -> "110110";
            default -> "110100";
        };
    }

    private static String dicomDisplay(String action) {
        return switch (dicomType(action)) {
            case "110114" -> "User Authentication";
            case "110106" -> "Export";
            case "110110" -> "Patient Record";
            default -> "Application Activity";
        };
    }

    private static Optional<String> interaction(String action) {
        return Optional.ofNullable(switch (action) {
            case "READ" -> "read";
            case "SEARCH" -> "search-type";
            case "CREATE" -> "create";
            case "UPDATE" -> "update";
            case "DELETE" -> "delete";
            default -> null;
        });
    }

    private static AuditEvent.AuditEventAction action(String action) {
        return switch (action) {
            case "CREATE", "GRANT_CREATED", "BREAK_GLASS", "CREATE_USER" -> AuditEvent.AuditEventAction.C;
            case "UPDATE", "ROLE_CHANGE", "PASSWORD_CHANGE", "PASSWORD_RESET" -> AuditEvent.AuditEventAction.U;
            case "DELETE", "DELETE_USER", "GRANT_REVOKED" -> AuditEvent.AuditEventAction.D;
            case "READ", "SEARCH", "EXPORT" -> AuditEvent.AuditEventAction.R;
            default -> AuditEvent.AuditEventAction.E;
        };
    }

    static Reference patientRef(UUID patientId) {
        return new Reference("Patient/" + patientId);
    }
}
