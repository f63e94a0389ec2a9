package io.holi.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.holi.platform.HoliException;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.TestKeys;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMART Backend Services: a registered client signs an assertion with its own key (RFC 7523), gets a system/ token,
 * reads as its user would and no more, is audited under its name, and is refused the moment it is revoked.
 */
class FhirBackendServicesTest extends ApiTest {

    @Autowired
    FhirClients clients;

    private final HttpClient http = HttpClient.newHttpClient();

    record Registered(FhirClient client, RSAKey key) {
    }

    private Registered register(Api.User user, String scope) throws Exception {
        RSAKey key = TestKeys.rsa(0, "k-" + UUID.randomUUID());
        String name = "lab-" + UUID.randomUUID().toString().substring(0, 8);
        FhirClient c = clients.add(name, new JWKSet(key.toPublicJWK()).toString(), scope, user.email());
        return new Registered(c, key);
    }

    private String tokenUrl() {
        return "http://localhost:" + port + "/api/fhir/token";
    }

    static String assertion(UUID clientId, RSAKey key, String audience, Instant expires, String jti) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(clientId.toString()).subject(clientId.toString()).audience(audience)
                        .expirationTime(Date.from(expires)).jwtID(jti).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> token(String assertion, String scope) throws Exception {
        String form = Map.of("grant_type", "client_credentials", "scope", scope,
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", assertion)
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String accessToken(Registered r, String scope) throws Exception {
        HttpResponse<String> response = token(assertion(r.client().id(), r.key(), tokenUrl(), Instant.now().plusSeconds(240),
                UUID.randomUUID().toString()), scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var json = Api.JSON.readTree(response.body());
        assertThat(json.get("token_type").asString()).isEqualTo("bearer");
        assertThat(json.get("expires_in").asLong()).isPositive();
        return json.get("access_token").asString();
    }

    private UUID patientOf(String clinicianToken) {
        var created = api.post("/api/patients", clinicianToken, Map.of("firstName", "Backend", "lastName", "Reader",
                "dateOfBirth", "1980-05-06"));
        return UUID.fromString(created.json().get("id").asString());
    }

    @Test
    void aClientReadsAsItsUserUnderItsOwnNameAndIsRefusedOnceRevoked() throws Exception {
        String admin = adminToken();
        Api.User clinician = api.createUser(admin, "CLINICIAN");
        String clinicianToken = api.login(clinician.email(), clinician.password());
        UUID patient = patientOf(clinicianToken);
        Registered lab = register(clinician, "system/*.rs");
        assertThat(lab.client().actingUserEmail()).isEqualTo(clinician.email());

        String token = accessToken(lab, "system/Patient.rs system/Appointment.rs");
        IGenericClient c = FhirProof.client("http://localhost:" + port + "/fhir", token);
        Patient p = c.read().resource(Patient.class).withId(patient.toString()).execute();
        FhirProof.assertValid(p);
        Map<String, Object> read = sql.queryForMap("SELECT user_id, user_email, role FROM audit_logs WHERE action = 'READ' "
                + "AND patient_id = ? ORDER BY id DESC LIMIT 1", patient);
        assertThat(read.get("user_id")).isEqualTo(clinician.id());
        assertThat(read.get("user_email")).isEqualTo("client:" + lab.client().name());
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'LOGIN' AND resource = 'FhirClient' "
                + "AND resource_id = ?", Integer.class, lab.client().id())).isEqualTo(1);

        // never more than its user: another clinician's patient is denied like the user would be
        Api.User other = api.createUser(admin, "CLINICIAN");
        UUID theirs = patientOf(api.login(other.email(), other.password()));
        assertThatThrownBy(() -> c.read().resource(Patient.class).withId(theirs.toString()).execute())
                .isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("no grant");
        // and never more than its scopes: no writes with .rs, no MedicationRequest when not granted, no /api at all
        Appointment a = new Appointment();
        a.setStart(Date.from(Instant.now().plus(9, ChronoUnit.DAYS))).setMinutesDuration(30);
        a.addParticipant().setActor(new Reference("Patient/" + patient));
        a.addParticipant().setActor(new Reference("Practitioner/" + clinician.id()));
        assertThatThrownBy(() -> c.create().resource(a).execute()).isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> c.search().forResource(org.hl7.fhir.r4.model.MedicationRequest.class)
                .where(org.hl7.fhir.r4.model.MedicationRequest.PATIENT.hasId(patient.toString())).returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(api.get("/api/patients/" + patient, token).status()).isEqualTo(403);

        // revoked: the token it holds stops working at once, and no new one is issued
        clients.revoke(lab.client().name());
        assertThatThrownBy(() -> c.read().resource(Patient.class).withId(patient.toString()).execute())
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("revoked");
        HttpResponse<String> refused = token(assertion(lab.client().id(), lab.key(), tokenUrl(), Instant.now().plusSeconds(60),
                UUID.randomUUID().toString()), "system/*.rs");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid_client").contains("revoked");
    }

    @Test
    void assertionsAreCheckedAsRfc7523AndSmartAsk() throws Exception {
        String admin = adminToken();
        Api.User clinician = api.createUser(admin, "CLINICIAN");
        Registered lab = register(clinician, "system/Patient.rs");
        UUID id = lab.client().id();
        Instant soon = Instant.now().plusSeconds(120);

        String once = assertion(id, lab.key(), tokenUrl(), soon, "jti-" + UUID.randomUUID());
        assertThat(token(once, "system/Patient.rs").statusCode()).isEqualTo(200);
        HttpResponse<String> replay = token(once, "system/Patient.rs");
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already used");

        RSAKey stranger = TestKeys.rsa(1, lab.key().getKeyID());
        assertThat(token(assertion(id, stranger, tokenUrl(), soon, UUID.randomUUID().toString()), "system/Patient.rs").body())
                .contains("signature matches no key");
        assertThat(token(assertion(id, lab.key(), "https://elsewhere.example/token", soon, UUID.randomUUID().toString()), "system/Patient.rs").body())
                .contains("aud must be this token endpoint");
        assertThat(token(assertion(id, lab.key(), tokenUrl(), Instant.now().minusSeconds(120), UUID.randomUUID().toString()), "system/Patient.rs").body())
                .contains("expired");
        assertThat(token(assertion(id, lab.key(), tokenUrl(), Instant.now().plusSeconds(3600), UUID.randomUUID().toString()), "system/Patient.rs").body())
                .contains("five minutes");
        assertThat(token(assertion(UUID.randomUUID(), lab.key(), tokenUrl(), soon, UUID.randomUUID().toString()), "system/Patient.rs").body())
                .contains("is registered");
        HttpResponse<String> tooMuch = token(assertion(id, lab.key(), tokenUrl(), soon, UUID.randomUUID().toString()), "system/*.rs system/Patient.cruds");
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(tooMuch.body()).contains("invalid_scope");
        // an EC key (ES384) works as well
        ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
        FhirClient ecClient = clients.add("ec-" + UUID.randomUUID().toString().substring(0, 8), new JWKSet(ec.toPublicJWK()).toString(),
                "system/*.rs", clinician.email());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(),
                new JWTClaimsSet.Builder().issuer(ecClient.id().toString()).subject(ecClient.id().toString()).audience(tokenUrl())
                        .expirationTime(Date.from(soon)).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(ec));
        HttpResponse<String> ok = token(jwt.serialize(), "system/Patient.rs");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(ok.body()).get("scope").asString()).isEqualTo("system/Patient.rs");
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'LOGIN_FAILED' AND resource = 'FhirClient' "
                + "AND timestamp > now() - interval '5 minutes'", Integer.class)).isGreaterThanOrEqualTo(7);
    }

    @Test
    void registrationRefusesPrivateKeysAuditorsAndNonSystemScopes() throws Exception {
        String admin = adminToken();
        Api.User clinician = api.createUser(admin, "CLINICIAN");
        Api.User auditor = api.createUser(admin, "AUDITOR");
        RSAKey key = TestKeys.rsa(0, "k");
        String publicSet = new JWKSet(key.toPublicJWK()).toString();
        assertThatThrownBy(() -> clients.add("leaky", new JWKSet(key).toString(false), "system/*.rs", clinician.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("private key");
        assertThatThrownBy(() -> clients.add("watcher", publicSet, "system/*.rs", auditor.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("auditors");
        assertThatThrownBy(() -> clients.add("wide", publicSet, "user/*.rs", clinician.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("not a system/ scope");
        assertThatThrownBy(() -> clients.add("Bad Name", publicSet, "system/*.rs", clinician.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> clients.add("nokeys", "{\"keys\":[]}", "system/*.rs", clinician.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("no keys");
        String name = "twice-" + UUID.randomUUID().toString().substring(0, 6);
        clients.add(name, publicSet, "system/*.rs", clinician.email());
        assertThatThrownBy(() -> clients.add(name, publicSet, "system/*.rs", clinician.email()))
                .isInstanceOf(HoliException.class).hasMessageContaining("already registered");
        assertThat(clients.list()).anySatisfy(c -> assertThat(c.name()).isEqualTo(name));
    }

    @Test
    void aClientsExportIsTheClientsOnly() throws Exception {
        String admin = adminToken();
        Api.User clinician = api.createUser(admin, "CLINICIAN");
        String clinicianToken = api.login(clinician.email(), clinician.password());
        UUID patient = patientOf(clinicianToken);
        Registered registry = register(clinician, "system/Patient.rs");
        String token = accessToken(registry, "system/Patient.rs");
        Api.Response started = api.send("GET", "/fhir/Patient/$export", token, null, Map.of("Prefer", "respond-async"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String status = started.header("Content-Location").substring(("http://localhost:" + port).length());
        Api.Response[] done = new Api.Response[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> (done[0] = api.get(status, token)).status() != 202);
        assertThat(done[0].status()).isEqualTo(200);
        var output = done[0].json().get("output");
        assertThat(output).hasSize(1);
        assertThat(output.get(0).get("type").asString()).isEqualTo("Patient"); // its scopes read patients only
        String file = output.get(0).get("url").asString().substring(("http://localhost:" + port).length());
        Api.Response ndjson = api.get(file, token);
        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.body()).contains(patient.toString());
        // its user, signed in on their own, did not ask for it: the export is the client's
        assertThat(api.get(status, clinicianToken).status()).isEqualTo(404);
        assertThat(api.get(file, clinicianToken).status()).isEqualTo(404);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'EXPORT' AND patient_id = ? AND user_email = ?",
                Integer.class, patient, "client:" + registry.client().name())).isEqualTo(1);
    }
}
