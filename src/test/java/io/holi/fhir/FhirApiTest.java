package io.holi.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * /fhir through HAPI's generic client, a client written by others: every interaction the CapabilityStatement names,
 * each answer validated against the R4 base definitions, each read of PHI decided by the gate and audited like its
 * JSON twin, denials answered 403 with an OperationOutcome and audited too.
 */
class FhirApiTest extends ApiTest {

    private String admin;
    private Api.User clinician;
    private String clinicianToken;
    private UUID patient;
    private String mrn;
    private String lastName;

    @BeforeEach
    void clinic() {
        admin = adminToken();
        clinician = api.createUser(admin, "CLINICIAN");
        clinicianToken = api.login(clinician.email(), clinician.password());
        lastName = "Fhirson" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9-]", "x");
        var created = api.post("/api/patients", clinicianToken, Map.of("firstName", "Grace", "lastName", lastName,
                "dateOfBirth", "1961-07-08", "sex", "FEMALE", "email", "grace@example.org", "phone", "+1 555 0100",
                "address", "1 Main Street", "nationalId", "AB-123"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        patient = UUID.fromString(created.json().get("id").asString());
        mrn = created.json().get("mrn").asString();
    }

    private String base() {
        return "http://localhost:" + port + "/fhir";
    }

    private IGenericClient client(String token) {
        return FhirProof.client(base(), token);
    }

    private List<Map<String, Object>> auditSince(long id, String action) {
        return sql.queryForList("SELECT action, outcome, patient_id, resource, resource_id, user_email, details::text AS details "
                + "FROM audit_logs WHERE id > ? AND action = ? ORDER BY id", id, action);
    }

    private long lastAuditId() {
        return sql.queryForObject("SELECT coalesce(max(id), 0) FROM audit_logs", Long.class);
    }

    @Test
    void capabilityStatementNamesExactlyTheInteractionsServedAndHowToAuthenticate() {
        CapabilityStatement cs = client(null).capabilities().ofType(CapabilityStatement.class).execute();
        FhirProof.assertValid(cs);
        assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
        Map<String, Set<String>> interactions = cs.getRestFirstRep().getResource().stream().collect(Collectors.toMap(
                r -> r.getType(), r -> r.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toCollection(TreeSet::new))));
        // OperationDefinition: HAPI describes the $export operations by it
        assertThat(interactions).containsOnlyKeys("Patient", "Practitioner", "Appointment", "MedicationRequest",
                "DocumentReference", "AuditEvent", "Group", "OperationDefinition");
        assertThat(cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow()
                .getOperation()).extracting(o -> o.getName()).containsExactly("export");
        assertThat(cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Group")).findFirst().orElseThrow()
                .getOperation()).extracting(o -> o.getName()).containsExactly("export");
        assertThat(interactions.get("Patient")).containsExactlyInAnyOrder("read", "search-type");
        assertThat(interactions.get("Appointment")).containsExactlyInAnyOrder("read", "search-type", "create", "update");
        assertThat(interactions.get("DocumentReference")).containsExactlyInAnyOrder("read", "vread", "history-instance", "search-type");
        assertThat(interactions.get("AuditEvent")).containsExactly("search-type");
        var patientParams = cs.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow()
                .getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet());
        assertThat(patientParams).containsExactlyInAnyOrder("_id", "name", "identifier", "birthdate");
        assertThat(cs.getRestFirstRep().getResource()).allSatisfy(r -> assertThat(r.getSearchInclude()).isEmpty());
        assertThat(cs.getFormat()).extracting(f -> f.getValue()).containsExactlyInAnyOrder("application/fhir+json", "json",
                "application/fhir+xml", "xml");
        assertThat(cs.getRestFirstRep().getSecurity().getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        assertThat(cs.getRestFirstRep().getSecurity().getDescription()).contains("http://localhost:" + port + "/api/fhir/token");
    }

    @Test
    void patientReadIsGatedAuditedAndValid() {
        long before = lastAuditId();
        Patient p = client(clinicianToken).read().resource(Patient.class).withId(patient.toString()).execute();
        FhirProof.assertValid(p);
        assertThat(p.getNameFirstRep().getFamily()).isEqualTo(lastName);
        assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1961-07-08");
        assertThat(p.getIdentifier()).anySatisfy(i -> {
            assertThat(i.getSystem()).isEqualTo("urn:holi:mrn");
            assertThat(i.getValue()).isEqualTo(mrn);
        });
        assertThat(p.getGender().toCode()).isEqualTo("female");
        List<Map<String, Object>> reads = auditSince(before, "READ");
        assertThat(reads).singleElement().satisfies(r -> {
            assertThat(r.get("patient_id")).isEqualTo(patient);
            assertThat(r.get("resource")).isEqualTo("Patient");
            assertThat((String) r.get("details")).contains("/fhir/Patient/{id}");
        });
        // another clinician, without a grant: 403 with an OperationOutcome, audited as PERMISSION_DENIED
        Api.User stranger = api.createUser(admin, "CLINICIAN");
        String strangerToken = api.login(stranger.email(), stranger.password());
        long beforeDenial = lastAuditId();
        assertThatThrownBy(() -> client(strangerToken).read().resource(Patient.class).withId(patient.toString()).execute())
                .isInstanceOfSatisfying(ForbiddenOperationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getResponseBody()).contains("OperationOutcome").contains("no grant for this patient")
                            .contains("\"code\":\"forbidden\"").doesNotContain(lastName);
                    FhirProof.assertValid(e.getResponseBody());
                });
        assertThat(auditSince(beforeDenial, "PERMISSION_DENIED")).singleElement()
                .satisfies(r -> assertThat(r.get("patient_id")).isEqualTo(patient));
        assertThat(auditSince(beforeDenial, "READ")).isEmpty();
        assertThatThrownBy(() -> client(clinicianToken).read().resource(Patient.class).withId(UUID.randomUUID().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client(clinicianToken).read().resource(Patient.class).withId("not-a-uuid").execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void patientSearchByNameIdentifierBirthdateAndIdRecordsEachPatientReturned() {
        IGenericClient c = client(clinicianToken);
        long before = lastAuditId();
        Bundle byName = c.search().forResource(Patient.class).where(Patient.NAME.matches().value(lastName)).returnBundle(Bundle.class).execute();
        Bundle byMrn = c.search().forResource(Patient.class).where(Patient.IDENTIFIER.exactly().systemAndCode("urn:holi:mrn", mrn))
                .returnBundle(Bundle.class).execute();
        Bundle byBirth = c.search().forResource(Patient.class).where(Patient.BIRTHDATE.exactly().day("1961-07-08"))
                .returnBundle(Bundle.class).execute();
        Bundle byId = c.search().forResource(Patient.class).where(Patient.RES_ID.exactly().code(patient.toString()))
                .returnBundle(Bundle.class).execute();
        for (Bundle b : List.of(byName, byMrn, byBirth, byId)) {
            FhirProof.assertValid(b);
            assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(patient.toString());
        }
        List<Map<String, Object>> searches = auditSince(before, "SEARCH");
        assertThat(searches).hasSize(3).allSatisfy(s -> assertThat((String) s.get("details")).contains(patient.toString()));
        assertThatThrownBy(() -> c.search().forResource(Patient.class).where(Patient.BIRTHDATE.after().day("1961-07-08"))
                .returnBundle(Bundle.class).execute()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("one day");
        // an auditor never searches patients
        Api.User auditor = api.createUser(admin, "AUDITOR");
        String auditorToken = api.login(auditor.email(), auditor.password());
        assertThatThrownBy(() -> client(auditorToken).search().forResource(Patient.class).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    private UUID appointment(Instant start) {
        var r = api.post("/api/patients/" + patient + "/appointments", clinicianToken, Map.of("startsAt", start.toString(),
                "durationMinutes", 30, "clinicianId", clinician.id().toString(), "reason", "check-up"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    private static Instant slot(int days, int hour) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS);
    }

    @Test
    void appointmentsAreReadSearchedBookedAndUpdatedWithConflictsAs409() {
        IGenericClient c = client(clinicianToken);
        UUID first = appointment(slot(3, 9));
        Appointment read = c.read().resource(Appointment.class).withId(first.toString()).execute();
        FhirProof.assertValid(read);
        assertThat(read.getStatus().toCode()).isEqualTo("booked");
        assertThat(read.getParticipant()).extracting(p -> p.getActor().getReference())
                .containsExactlyInAnyOrder("Patient/" + patient, "Practitioner/" + clinician.id());

        // create through FHIR
        Appointment fresh = new Appointment();
        fresh.setStatus(Appointment.AppointmentStatus.BOOKED);
        fresh.setStart(Date.from(slot(4, 10)));
        fresh.setEnd(Date.from(slot(4, 10).plus(45, ChronoUnit.MINUTES)));
        fresh.setDescription("follow-up");
        fresh.addParticipant().setActor(new Reference("Patient/" + patient)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        fresh.addParticipant().setActor(new Reference("Practitioner/" + clinician.id())).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        long before = lastAuditId();
        MethodOutcome created = c.create().resource(fresh).execute();
        assertThat(created.getCreated()).isTrue();
        UUID second = UUID.fromString(created.getId().getIdPart());
        assertThat(auditSince(before, "CREATE")).singleElement().satisfies(r -> assertThat(r.get("resource_id")).isEqualTo(second));
        FhirProof.assertValid(created.getResource());
        assertThat(((Appointment) created.getResource()).getMinutesDuration()).isEqualTo(45);

        // the same clinician at the same time: 409 with an OperationOutcome, nothing booked
        int count = sql.queryForObject("SELECT count(*) FROM appointments WHERE patient_id = ?", Integer.class, patient);
        assertThatThrownBy(() -> c.create().resource(fresh).execute())
                .isInstanceOfSatisfying(ResourceVersionConflictException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
                    assertThat(oo.getIssueFirstRep().getDiagnostics()).contains("already has an appointment");
                });
        assertThat(sql.queryForObject("SELECT count(*) FROM appointments WHERE patient_id = ?", Integer.class, patient)).isEqualTo(count);

        // update: check in, then a move that clashes, then an impossible status change
        Appointment update = c.read().resource(Appointment.class).withId(second.toString()).execute();
        update.setStatus(Appointment.AppointmentStatus.CHECKEDIN);
        Appointment checkedIn = (Appointment) c.update().resource(update).execute().getResource();
        assertThat(checkedIn.getStatus().toCode()).isEqualTo("checked-in");
        Appointment moved = c.read().resource(Appointment.class).withId(first.toString()).execute();
        moved.setStart(Date.from(slot(4, 10)));
        moved.setEnd(Date.from(slot(4, 10).plus(30, ChronoUnit.MINUTES)));
        moved.setMinutesDuration(30);
        assertThatThrownBy(() -> c.update().resource(moved).execute()).isInstanceOf(ResourceVersionConflictException.class);
        Appointment backwards = c.read().resource(Appointment.class).withId(second.toString()).execute();
        backwards.setStatus(Appointment.AppointmentStatus.BOOKED);
        assertThatThrownBy(() -> c.update().resource(backwards).execute()).isInstanceOf(ResourceVersionConflictException.class)
                .hasMessageContaining("CHECKED_IN");

        // search by patient, narrowed by date, practitioner and status
        Bundle all = c.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId("Patient/" + patient))
                .returnBundle(Bundle.class).execute();
        FhirProof.assertValid(all);
        assertThat(ids(all)).containsExactlyInAnyOrder(first.toString(), second.toString());
        Bundle onDay4 = c.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient.toString()))
                .and(Appointment.DATE.exactly().day(Date.from(slot(4, 12)))).returnBundle(Bundle.class).execute();
        assertThat(ids(onDay4)).containsExactly(second.toString());
        Bundle booked = c.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient.toString()))
                .and(Appointment.STATUS.exactly().code("booked")).returnBundle(Bundle.class).execute();
        assertThat(ids(booked)).containsExactly(first.toString());
        Bundle otherDoctor = c.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient.toString()))
                .and(Appointment.PRACTITIONER.hasId("Practitioner/" + UUID.randomUUID())).returnBundle(Bundle.class).execute();
        assertThat(otherDoctor.getEntry()).isEmpty();
        assertThatThrownBy(() -> c.search().forResource(Appointment.class).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class);
    }

    private static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void prescriptionsAreMedicationRequestsForCliniciansOnly() {
        var written = api.post("/api/patients/" + patient + "/prescriptions", clinicianToken, Map.of("medication", "Metformin",
                "dosage", "500 mg", "route", "oral", "frequency", "twice daily", "quantity", 60, "refills", 2));
        assertThat(written.status()).as(written.body()).isEqualTo(201);
        String id = written.json().get("id").asString();
        var stopped = api.post("/api/patients/" + patient + "/prescriptions", clinicianToken, Map.of("medication", "Ibuprofen",
                "dosage", "200 mg", "quantity", 10));
        api.post("/api/prescriptions/" + stopped.json().get("id").asString() + "/discontinue", clinicianToken, Map.of("reason", "stomach ache"));
        IGenericClient c = client(clinicianToken);
        MedicationRequest m = c.read().resource(MedicationRequest.class).withId(id).execute();
        FhirProof.assertValid(m);
        assertThat(m.getMedicationCodeableConcept().getText()).isEqualTo("Metformin");
        assertThat(m.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(m.getDispenseRequest().getNumberOfRepeatsAllowed()).isEqualTo(2);
        Bundle active = c.search().forResource(MedicationRequest.class).where(MedicationRequest.PATIENT.hasId(patient.toString()))
                .and(MedicationRequest.STATUS.exactly().code("active")).returnBundle(Bundle.class).execute();
        FhirProof.assertValid(active);
        assertThat(ids(active)).containsExactly(id);
        Bundle all = c.search().forResource(MedicationRequest.class).where(MedicationRequest.PATIENT.hasId(patient.toString()))
                .returnBundle(Bundle.class).execute();
        FhirProof.assertValid(all);
        assertThat(all.getEntry()).hasSize(2).anySatisfy(e -> assertThat(((MedicationRequest) e.getResource()).getStatus().toCode()).isEqualTo("stopped"));
        // front-desk staff with a grant: demographics yes, prescriptions no
        Api.User staff = api.createUser(admin, "STAFF");
        api.post("/api/patients/" + patient + "/grants", admin, Map.of("userId", staff.id().toString(), "reason", "front desk"));
        String staffToken = api.login(staff.email(), staff.password());
        assertThat(client(staffToken).read().resource(Patient.class).withId(patient.toString()).execute().getIdElement().getIdPart())
                .isEqualTo(patient.toString());
        long before = lastAuditId();
        assertThatThrownBy(() -> client(staffToken).read().resource(MedicationRequest.class).withId(id).execute())
                .isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("front-desk staff");
        assertThat(auditSince(before, "PERMISSION_DENIED")).hasSize(1);
    }

    @Test
    void notesAreDocumentReferencesWithTheirVersionsAsHistory() {
        var note = api.post("/api/patients/" + patient + "/notes", clinicianToken, Map.of("text", "first words"));
        String id = note.json().get("id").asString();
        api.put("/api/notes/" + id, clinicianToken, Map.of("text", "second thoughts"));
        IGenericClient c = client(clinicianToken);
        DocumentReference current = c.read().resource(DocumentReference.class).withId(id).execute();
        FhirProof.assertValid(current);
        assertThat(current.getMeta().getVersionId()).isEqualTo("2");
        assertThat(text(current)).isEqualTo("second thoughts");
        DocumentReference v1 = c.read().resource(DocumentReference.class).withIdAndVersion(id, "1").execute();
        FhirProof.assertValid(v1);
        assertThat(text(v1)).isEqualTo("first words");
        Bundle history = c.history().onInstance(new IdType("DocumentReference", id)).returnBundle(Bundle.class).execute();
        FhirProof.assertValid(history);
        assertThat(history.getEntry()).extracting(e -> text((DocumentReference) e.getResource()))
                .containsExactly("second thoughts", "first words");
        Bundle found = c.search().forResource(DocumentReference.class).where(DocumentReference.PATIENT.hasId(patient.toString()))
                .returnBundle(Bundle.class).execute();
        FhirProof.assertValid(found);
        assertThat(ids(found)).containsExactly(id);
        assertThatThrownBy(() -> c.read().resource(DocumentReference.class).withIdAndVersion(id, "7").execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static String text(DocumentReference d) {
        return new String(d.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
    }

    @Test
    void practitionersAreTheClinicians() {
        IGenericClient c = client(clinicianToken);
        Practitioner me = c.read().resource(Practitioner.class).withId(clinician.id().toString()).execute();
        FhirProof.assertValid(me);
        assertThat(me.getTelecomFirstRep().getValue()).isEqualTo(clinician.email());
        Bundle all = c.search().forResource(Practitioner.class).returnBundle(Bundle.class).execute();
        FhirProof.assertValid(all);
        assertThat(ids(all)).contains(clinician.id().toString());
        Api.User staff = api.createUser(admin, "STAFF");
        assertThatThrownBy(() -> c.read().resource(Practitioner.class).withId(staff.id().toString()).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void auditEventsAreForAuditorsInTheBasicAuditLogShape() {
        client(clinicianToken).read().resource(Patient.class).withId(patient.toString()).execute();
        Api.User auditor = api.createUser(admin, "AUDITOR");
        String auditorToken = api.login(auditor.email(), auditor.password());
        Bundle events = client(auditorToken).search().forResource(AuditEvent.class)
                .where(AuditEvent.PATIENT.hasId("Patient/" + patient))
                .and(AuditEvent.AGENT.hasId("Practitioner/" + clinician.id()))
                .returnBundle(Bundle.class).execute();
        FhirProof.assertValid(events);
        assertThat(events.getEntry()).isNotEmpty().allSatisfy(e -> {
            AuditEvent a = (AuditEvent) e.getResource();
            FhirProof.assertValid(a);
            assertThat(a.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/" + clinician.id());
            assertThat(a.getEntity()).anySatisfy(en -> assertThat(en.getWhat().getReference()).isEqualTo("Patient/" + patient));
        });
        assertThat(events.getEntry()).anySatisfy(e -> {
            AuditEvent a = (AuditEvent) e.getResource();
            assertThat(a.getType().getCode()).isEqualTo("110110");
            assertThat(a.getSubtype()).extracting(s -> s.getCode()).contains("read");
            assertThat(a.getOutcome().toCode()).isEqualTo("0");
        });
        Bundle today = client(auditorToken).search().forResource(AuditEvent.class)
                .where(AuditEvent.DATE.afterOrEquals().day(Date.from(Instant.now().minus(1, ChronoUnit.DAYS))))
                .count(5).returnBundle(Bundle.class).execute();
        assertThat(today.getEntry()).hasSize(5);
        long before = lastAuditId();
        assertThatThrownBy(() -> client(clinicianToken).search().forResource(AuditEvent.class).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(auditSince(before, "PERMISSION_DENIED")).hasSize(1);
    }

    @Test
    void noTokenIs401AsAnOperationOutcomeAndJsonOrXmlAsAsked() {
        var r = api.get("/fhir/Patient/" + patient, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/fhir+json");
        FhirProof.assertValid(r.body()); // written by the security filters, not by HAPI: valid all the same
        var xml = api.send("GET", "/fhir/Patient/" + patient + "?_format=xml", clinicianToken, null, Map.of());
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.contentType()).startsWith("application/fhir+xml");
        assertThat(xml.body()).contains("<Patient xmlns=\"http://hl7.org/fhir\">");
        var json = api.send("GET", "/fhir/Patient/" + patient, clinicianToken, null, Map.of("Accept", "application/fhir+json"));
        assertThat(json.contentType()).startsWith("application/fhir+json");
        FhirProof.assertValid(json.body());
        assertThatThrownBy(() -> client("not.a.token").read().resource(Patient.class).withId(patient.toString()).execute())
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void scopesNarrowWhatTheRoleAllowsAndNeverWidenIt() {
        String patientOnly = login(clinician, "user/Patient.rs", null);
        IGenericClient c = client(patientOnly);
        assertThat(c.read().resource(Patient.class).withId(patient.toString()).execute().getIdElement().getIdPart()).isEqualTo(patient.toString());
        long before = lastAuditId();
        assertThatThrownBy(() -> c.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient.toString()))
                .returnBundle(Bundle.class).execute()).isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("scopes do not allow");
        assertThat(auditSince(before, "PERMISSION_DENIED")).singleElement()
                .satisfies(r -> assertThat((String) r.get("details")).contains("user/Patient.rs"));
        assertThat(auditSince(before, "READ")).isEmpty();
        // a scoped token serves FHIR only
        assertThat(api.get("/api/patients/" + patient, patientOnly).status()).isEqualTo(403);
        // read-only scopes: no booking
        String readAll = login(clinician, "user/*.rs", null);
        Appointment fresh = new Appointment();
        fresh.setStart(Date.from(slot(6, 9))).setMinutesDuration(30);
        fresh.addParticipant().setActor(new Reference("Patient/" + patient)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        fresh.addParticipant().setActor(new Reference("Practitioner/" + clinician.id())).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        assertThatThrownBy(() -> client(readAll).create().resource(fresh).execute()).isInstanceOf(ForbiddenOperationException.class);
        // scopes never widen: staff with user/*.cruds still cannot read prescriptions
        Api.User staff = api.createUser(admin, "STAFF");
        api.post("/api/patients/" + patient + "/grants", admin, Map.of("userId", staff.id().toString(), "reason", "front desk"));
        String staffAll = login(staff, "user/*.cruds", null);
        assertThatThrownBy(() -> client(staffAll).search().forResource(MedicationRequest.class)
                .where(MedicationRequest.PATIENT.hasId(patient.toString())).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("front-desk staff");
        // patient/ scopes: this patient only
        var other = api.post("/api/patients", clinicianToken, Map.of("firstName", "Other", "lastName", "Person", "dateOfBirth", "1990-01-01"));
        String otherId = other.json().get("id").asString();
        String forOne = login(clinician, "patient/*.rs", patient);
        IGenericClient p = client(forOne);
        assertThat(p.read().resource(Patient.class).withId(patient.toString()).execute().getIdElement().getIdPart()).isEqualTo(patient.toString());
        Bundle mine = p.search().forResource(Patient.class).returnBundle(Bundle.class).execute();
        assertThat(ids(mine)).containsExactly(patient.toString());
        assertThatThrownBy(() -> p.read().resource(Patient.class).withId(otherId).execute()).isInstanceOf(ForbiddenOperationException.class)
                .hasMessageContaining("another patient");
        // refused at sign-in: system/ scopes (clients only), patient/ scopes without their patient
        assertThat(api.post("/api/auth/login", null, Map.of("email", clinician.email(), "password", clinician.password(),
                "scope", "system/*.rs")).status()).isEqualTo(400);
        assertThat(api.post("/api/auth/login", null, Map.of("email", clinician.email(), "password", clinician.password(),
                "scope", "patient/*.rs")).status()).isEqualTo(400);
    }

    private String login(Api.User user, String scope, UUID forPatient) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", user.email(), "password", user.password(), "scope", scope));
        if (forPatient != null) {
            body.put("patient", forPatient.toString());
        }
        var r = api.post("/api/auth/login", null, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("scope").asString()).isEqualTo(scope);
        return r.json().get("accessToken").asString();
    }

    @Test
    void smartConfigurationNamesTheTokenEndpoint() {
        for (String path : List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration")) {
            var r = api.get(path, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("token_endpoint").asString()).isEqualTo("http://localhost:" + port + "/api/fhir/token");
            assertThat(r.json().get("grant_types_supported").toString()).contains("client_credentials");
            assertThat(r.json().get("capabilities").toString()).contains("client-confidential-asymmetric").contains("permission-v2");
        }
    }
}
