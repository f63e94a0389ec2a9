package io.holi.patients;

import io.holi.testing.Api;
import io.holi.testing.BouncedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search strategy for callers with many grants (from the name index, grants checked per row), forced here
 * with a threshold of 0 (the shared {@link BouncedServer}), finds exactly what the grant-driven strategy of PatientsApiTest finds: only
 * accessible patients, in name order.
 */
@ResourceLock(BouncedServer.LOCK)
class IndexDrivenSearchTest {

    private final Api api = BouncedServer.api();

    private String clinician(String admin, String email) {
        api.post("/api/users", admin, Map.of("email", email, "name", "D", "role", "CLINICIAN", "password", "twelve-chars-ok"));
        return api.login(email, "twelve-chars-ok");
    }

    private static List<String> ids(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items").findValues("id").stream().map(n -> n.asString()).toList();
    }

    @Test
    void onlyAccessiblePatientsInNameOrderExactIdentifiersToo() {
        String admin = api.login(BouncedServer.ADMIN_EMAIL, BouncedServer.ADMIN_PASSWORD);
        String mine = clinician(admin, "mine@search.test");
        String theirs = clinician(admin, "theirs@search.test");
        String close = api.post("/api/patients", mine, Map.of("firstName", "Ed", "lastName", "Quorvak", "dateOfBirth", "1980-01-01",
                "phone", "+1 555 0100 77")).json().get("id").asString();
        String far = api.post("/api/patients", mine, Map.of("firstName", "Maximilian", "lastName", "Quorvakowski-Brandt",
                "dateOfBirth", "1980-01-01")).json().get("id").asString();
        String hidden = api.post("/api/patients", theirs, Map.of("firstName", "Ed", "lastName", "Quorvak", "dateOfBirth", "1980-01-01",
                "phone", "+1 555 0100 78")).json().get("id").asString();

        assertThat(ids(api.get("/api/patients?query=quorvak", mine))).containsExactly(close, far);
        assertThat(ids(api.get("/api/patients?query=quorvak", theirs))).containsExactly(hidden);
        assertThat(ids(api.get("/api/patients?query=Qu", mine))).containsExactlyInAnyOrder(close, far);
        assertThat(ids(api.get("/api/patients?query=15550100%2077", mine))).containsExactly(close);
        assertThat(ids(api.get("/api/patients?query=15550100%2078", mine))).isEmpty();
    }
}
