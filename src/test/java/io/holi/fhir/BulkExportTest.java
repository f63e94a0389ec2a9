package io.holi.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.awaitility.Awaitility;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk Data $export's asynchronous pattern end to end: 202 and where to poll, progress, a manifest of NDJSON files
 * read back and validated line by line, each exported patient audited, files for the requester only, cancel.
 */
class BulkExportTest extends ApiTest {

    private String admin;
    private Api.User clinician;
    private String token;
    private int charts;

    private UUID chart(String last) {
        var p = api.post("/api/patients", token, Map.of("firstName", "Bulk", "lastName", last, "dateOfBirth", "1975-03-04",
                "email", last.toLowerCase() + "@example.org"));
        UUID id = UUID.fromString(p.json().get("id").asString());
        // each chart its own slot: random slots of one clinician clashed now and then (409, one appointment short)
        var booked = api.post("/api/patients/" + id + "/appointments", token, Map.of("startsAt",
                Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(15L * charts++, ChronoUnit.MINUTES).toString(),
                "durationMinutes", 15, "clinicianId", clinician.id().toString()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        api.post("/api/patients/" + id + "/prescriptions", token, Map.of("medication", "Lisinopril", "dosage", "10 mg", "quantity", 30));
        api.post("/api/patients/" + id + "/notes", token, Map.of("text", "seen for " + last));
        return id;
    }

    private void clinic() {
        admin = adminToken();
        clinician = api.createUser(admin, "CLINICIAN");
        token = api.login(clinician.email(), clinician.password());
    }

    private String kickOff(String path, String bearer) {
        Api.Response r = api.send("GET", path, bearer, null, Map.of("Prefer", "respond-async", "Accept", "application/fhir+json"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String location = r.header("Content-Location");
        assertThat(location).startsWith("http://localhost:" + port + "/fhir/bulk-status/");
        return location.substring(("http://localhost:" + port).length());
    }

    private JsonNode manifest(String statusPath, String bearer) {
        List<String> progress = new ArrayList<>();
        Api.Response[] done = new Api.Response[1];
        Awaitility.await("the export completes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response s = api.get(statusPath, bearer);
            if (s.status() == 202) {
                progress.add(s.header("X-Progress"));
                return false;
            }
            done[0] = s;
            return true;
        });
        assertThat(done[0].status()).as(done[0].body()).isEqualTo(200);
        assertThat(progress).allSatisfy(p -> assertThat(p).isNotBlank());
        return done[0].json();
    }

    /** Every line a resource that validates; returned by type. */
    private Map<String, List<IBaseResource>> download(JsonNode manifest, String bearer) {
        Map<String, List<IBaseResource>> out = new HashMap<>();
        for (JsonNode file : manifest.get("output")) {
            String url = file.get("url").asString();
            Api.Response r = api.get(url.substring(("http://localhost:" + port).length()), bearer);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("application/fhir+ndjson");
            String[] lines = r.body().split("\n");
            assertThat(lines).hasSize(file.get("count").asInt());
            for (String line : lines) {
                IBaseResource resource = FhirProof.R4.newJsonParser().parseResource(line);
                assertThat(resource.fhirType()).isEqualTo(file.get("type").asString());
                out.computeIfAbsent(resource.fhirType(), k -> new ArrayList<>()).add(resource);
            }
        }
        FhirProof.assertAllValid(out.values().stream().flatMap(List::stream).toList());
        return out;
    }

    @Test
    void patientLevelExportOfTheCallersPatientsIsReadBackValidatedAndAudited() {
        clinic();
        Set<String> mine = new HashSet<>(List.of(chart("Alpha").toString(), chart("Bravo").toString(), chart("Charlie").toString()));
        // HAPI's generic client starts it: 202 and Content-Location
        IGenericClient client = FhirProof.client("http://localhost:" + port + "/fhir", token);
        MethodOutcome started = client.operation().onType(Patient.class).named("$export").withNoParameters(Parameters.class)
                .useHttpGet().withAdditionalHeader("Prefer", "respond-async").returnMethodOutcome().execute();
        assertThat(started.getResponseStatusCode()).isEqualTo(202);
        String location = started.getResponseHeaders().get("content-location").get(0);
        String statusPath = location.substring(("http://localhost:" + port).length());
        JsonNode manifest = manifest(statusPath, token);
        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(manifest.get("request").asString()).contains("/fhir/Patient/$export");
        Map<String, List<IBaseResource>> files = download(manifest, token);
        assertThat(files).containsOnlyKeys("Patient", "Appointment", "MedicationRequest", "DocumentReference");
        assertThat(files.get("Patient")).extracting(p -> p.getIdElement().getIdPart()).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(files.get("Appointment")).hasSize(3);
        assertThat(files.get("DocumentReference")).hasSize(3);

        String jobId = statusPath.substring(statusPath.lastIndexOf('/') + 1);
        List<String> exported = sql.queryForList("SELECT patient_id::text FROM audit_logs WHERE action = 'EXPORT' AND resource = 'FhirExport' "
                + "AND resource_id = ?::uuid AND patient_id IS NOT NULL", String.class, jobId);
        assertThat(exported).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'EXPORT' AND resource_id = ?::uuid "
                + "AND details->>'operation' = 'download'", Integer.class, jobId)).isEqualTo(4);
        // the files are encrypted at rest
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE details::text LIKE '%Alpha%'", Integer.class)).isZero();

        // only the requester: another clinician (or an administrator) finds no such export
        Api.User other = api.createUser(admin, "CLINICIAN");
        String otherToken = api.login(other.email(), other.password());
        assertThat(api.get(statusPath, otherToken).status()).isEqualTo(404);
        String fileUrl = manifest.get("output").get(0).get("url").asString().substring(("http://localhost:" + port).length());
        Api.Response stolen = api.get(fileUrl, otherToken);
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.body()).contains("OperationOutcome").doesNotContain("Alpha");
        assertThat(api.get(fileUrl, null).status()).isEqualTo(401);

        // cancelled (here: deleted after completion): its files go, and the status says so
        assertThat(api.delete(statusPath, token).status()).isEqualTo(202);
        assertThat(api.get(statusPath, token).status()).isEqualTo(404);
        assertThat(api.get(fileUrl, token).status()).isEqualTo(404);
    }

    @Test
    void typeSinceAndGroupNarrowTheExport() {
        clinic();
        UUID one = chart("Delta");
        JsonNode onlyPatients = manifest(kickOff("/fhir/Patient/$export?_type=Patient,DocumentReference", token), token);
        Map<String, List<IBaseResource>> files = download(onlyPatients, token);
        assertThat(files).containsOnlyKeys("Patient", "DocumentReference");

        JsonNode nothingNew = manifest(kickOff("/fhir/Patient/$export?_since=" + Instant.now().plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS), token), token);
        assertThat(nothingNew.get("output")).isEmpty();

        JsonNode group = manifest(kickOff("/fhir/Group/" + clinician.id() + "/$export?_type=Patient", token), token);
        assertThat(download(group, token).get("Patient")).extracting(p -> p.getIdElement().getIdPart()).containsExactly(one.toString());
        assertThat(api.send("GET", "/fhir/Group/" + UUID.randomUUID() + "/$export", token, null, Map.of("Prefer", "respond-async")).status())
                .isEqualTo(404);
    }

    @Test
    void badKickOffsAreRefusedWithAReason() {
        clinic();
        UUID echo = chart("Echo");
        Api.Response noPrefer = api.get("/fhir/Patient/$export", token);
        assertThat(noPrefer.status()).isEqualTo(400);
        assertThat(noPrefer.body()).contains("respond-async");
        Map<String, String> async = Map.of("Prefer", "respond-async");
        assertThat(api.send("GET", "/fhir/Patient/$export?_type=Observation", token, null, async).body()).contains("not exported");
        assertThat(api.send("GET", "/fhir/Patient/$export?_since=yesterday", token, null, async).status()).isEqualTo(400);
        assertThat(api.send("GET", "/fhir/Patient/$export?_outputFormat=text/csv", token, null, async).status()).isEqualTo(400);
        // front-desk staff never export; the refusal is audited
        Api.User staff = api.createUser(admin, "STAFF");
        Api.Response denied = api.send("GET", "/fhir/Patient/$export", api.login(staff.email(), staff.password()), null, async);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(auditOf(denied)).extracting(m -> m.get("action")).containsExactly("PERMISSION_DENIED");
        // scopes narrow: a token for patients only cannot export notes
        var scoped = api.post("/api/auth/login", null, Map.of("email", clinician.email(), "password", clinician.password(),
                "scope", "user/Patient.rs"));
        String patientsOnly = scoped.json().get("accessToken").asString();
        assertThat(api.send("GET", "/fhir/Patient/$export?_type=DocumentReference", patientsOnly, null, async).status()).isEqualTo(403);
        JsonNode narrowed = manifest(kickOff("/fhir/Patient/$export", patientsOnly), patientsOnly);
        assertThat(download(narrowed, patientsOnly)).containsOnlyKeys("Patient")
                .hasEntrySatisfying("Patient", l -> assertThat(l).extracting(p -> p.getIdElement().getIdPart()).containsExactly(echo.toString()));
    }

    @Autowired
    io.holi.storage.ObjectStore store;

    @Test
    void filesExpireAndAreDeletedByTheNextExport() throws Exception {
        clinic();
        chart("Foxtrot");
        String statusPath = kickOff("/fhir/Patient/$export?_type=Patient", token);
        JsonNode manifest = manifest(statusPath, token);
        String jobId = statusPath.substring(statusPath.lastIndexOf('/') + 1);
        assertThat(store.list("fhir-exports/" + jobId + "/")).hasSize(1);
        sql.update("UPDATE fhir_exports SET expires_at = now() - interval '1 minute' WHERE id = ?::uuid", jobId);
        String fileUrl = manifest.get("output").get(0).get("url").asString().substring(("http://localhost:" + port).length());
        Api.Response expired = api.get(statusPath, token);
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.body()).contains("expired");
        assertThat(api.get(fileUrl, token).status()).isEqualTo(404);
        manifest(kickOff("/fhir/Patient/$export?_type=Patient", token), token);
        assertThat(store.list("fhir-exports/" + jobId + "/")).isEmpty();
        assertThat(sql.queryForObject("SELECT status FROM fhir_exports WHERE id = ?::uuid", String.class, jobId)).isEqualTo("CANCELLED");
    }
}
