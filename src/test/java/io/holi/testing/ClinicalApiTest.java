package io.holi.testing;

import java.util.Map;
import java.util.UUID;

/** Helpers for tests of the clinical records: a clinician, its token, and patients it registered. */
public abstract class ClinicalApiTest extends ApiTest {

    protected String admin;
    protected Api.User clinician;
    protected String clinicianToken;

    @org.junit.jupiter.api.BeforeEach
    void clinician() {
        admin = adminToken();
        clinician = api.createUser(admin, "CLINICIAN");
        clinicianToken = api.login(clinician.email(), clinician.password());
    }

    protected UUID patient(String token, Map<String, Object> fields) {
        Api.Response r = api.post("/api/patients", token, fields);
        if (r.status() != 201) {
            throw new AssertionError("registering a patient failed: " + r);
        }
        return UUID.fromString(r.json().get("id").asString());
    }

    protected UUID patient() {
        return patient(clinicianToken, Map.of("firstName", "Test", "lastName", "Patient", "dateOfBirth", "1980-05-17"));
    }

    protected String tokenOf(Api.User user) {
        return api.login(user.email(), user.password());
    }

    protected void grant(UUID patient, Api.User user) {
        Api.Response r = api.post("/api/patients/" + patient + "/grants", admin, Map.of("userId", user.id().toString(),
                "reason", "care team"));
        if (r.status() != 201) {
            throw new AssertionError("grant failed: " + r);
        }
    }

    protected static UUID idOf(Api.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("request failed: " + r);
        }
        return UUID.fromString(r.json().get("id").asString());
    }
}
