package io.holi.platform;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx problem answer that says what is wrong: never a 5xx, a stack trace or a partial write. */
class BadInputTest extends ApiTest {

    private void assertProblem(Api.Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asString()).containsIgnoringCase(detailContains);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.holi").doesNotContain("at org.");
    }

    private long users() {
        return sql.queryForObject("SELECT count(*) FROM users", Long.class);
    }

    @Test
    void malformedJsonIs400() {
        long before = users();
        assertProblem(api.post("/api/users", adminToken(), "{\"email\": \"x@y.z\", "), 400, "not valid JSON");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        Api.Response r = api.post("/api/users", adminToken(), "{\"email\":\"t@test.holi\",\"name\":[1,2],\"role\":\"STAFF\",\"password\":\"twelve-chars-ok\"}");
        assertProblem(r, 400, "name");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void unknownFieldsAre400() {
        Api.Response r = api.post("/api/users", adminToken(), Map.of("email", "u@test.holi", "name", "U", "role", "STAFF",
                "password", "twelve-chars-ok", "isSuperuser", true));
        assertProblem(r, 400, "Unknown field 'isSuperuser'");
    }

    @Test
    void missingFieldsAre400ListingEachOne() {
        Api.Response r = api.post("/api/users", adminToken(), Map.of("email", "m@test.holi"));
        assertProblem(r, 400, "is required");
        assertThat(r.json().get("errors").findValues("field").stream().map(n -> n.asString()))
                .contains("name", "role", "password");
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(api.send("POST", "/api/users", adminToken(), "", Map.of("Content-Type", "application/json")), 400, "body");
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        String big = "{\"email\":\"" + "a".repeat(1_100_000) + "@x.y\"}";
        assertProblem(api.post("/api/auth/login", null, big), 413, "larger than the limit");
    }

    @Test
    void chunkedBodiesOverTheLimitAre413Too() {
        byte[] big = ("{\"email\":\"" + "a".repeat(1_100_000) + "@x.y\",\"password\":\"x\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.uri("/api/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        Api.Response r = api.send(request);
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void theWrongContentTypeIs415() {
        assertProblem(api.send("POST", "/api/auth/login", null, "email=a&password=b",
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "application/json");
    }

    @Test
    void unknownRoutesAre404() {
        assertProblem(api.get("/api/nothing-here", adminToken()), 404, "no such route");
    }

    @Test
    void wrongMethodsAre405() {
        assertProblem(api.send("PUT", "/api/auth/login", null, "{}", Map.of()), 405, "not supported");
    }

    private String clinicianWithPatient() {
        String admin = adminToken();
        Api.User doc = api.createUser(admin, "CLINICIAN");
        return api.login(doc.email(), doc.password());
    }

    @Test
    void aNulCharacterInATextFieldIs400NamingTheField() {
        String doc = clinicianWithPatient();
        long before = sql.queryForObject("SELECT count(*) FROM patients", Long.class);
        Api.Response r = api.post("/api/patients", doc,
                "{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"dateOfBirth\":\"1980-01-01\",\"address\":\"1 Main St\\u0000\"}");
        assertProblem(r, 400, "address: must not contain a NUL character");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("address");
        assertThat(sql.queryForObject("SELECT count(*) FROM patients", Long.class)).isEqualTo(before);
    }

    @Test
    void aNulCharacterInAQueryParameterIs400NamingTheParameter() {
        Api.Response r = api.get("/api/patients?query=ab%00c", clinicianWithPatient());
        assertProblem(r, 400, "query: must not contain a NUL character");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("query");
    }

    @Test
    void aLoneSurrogateInAPasswordIs400() {
        Api.Response create = api.post("/api/users", adminToken(),
                "{\"email\":\"surrogate@test.holi\",\"name\":\"S\",\"role\":\"STAFF\",\"password\":\"twelve-chars-\\ud800-ok\"}");
        assertProblem(create, 400, "password: must be valid Unicode text");
        Api.Response login = api.post("/api/auth/login", null, "{\"email\":\"a@test.holi\",\"password\":\"abc\\udc00def\"}");
        assertProblem(login, 400, "password");
        assertThat(sql.queryForObject("SELECT count(*) FROM users WHERE email = 'surrogate@test.holi'", Long.class)).isZero();
    }

    /**
     * The API reads and writes JSON only. Libraries on the class path bring XML and YAML to Spring MVC (Jackson 2); a
     * body read through them would pass none of the input rules (here a date before the year 1), and a record written
     * through them is a format nobody tested.
     */
    @Test
    void xmlAndYamlBodiesAre415AndAnAcceptOfThemIs406() {
        String doc = clinicianWithPatient();
        long before = sql.queryForObject("SELECT count(*) FROM patients", Long.class);
        assertProblem(api.send("POST", "/api/patients", doc,
                "<Patient><firstName>Ann</firstName><lastName>Lee</lastName><dateOfBirth>0000-06-01</dateOfBirth></Patient>",
                Map.of("Content-Type", "application/xml")), 415, "application/json");
        assertProblem(api.send("POST", "/api/patients", doc, "firstName: Ann\nlastName: Lee\ndateOfBirth: 0000-06-01\n",
                Map.of("Content-Type", "application/yaml")), 415, "application/json");
        assertThat(sql.queryForObject("SELECT count(*) FROM patients", Long.class)).isEqualTo(before);

        String id = api.post("/api/patients", doc, Map.of("firstName", "Ann", "lastName", "Lee", "dateOfBirth", "1980-01-01"))
                .json().get("id").asString();
        for (String format : new String[] {"application/xml", "text/xml", "application/yaml"}) {
            Api.Response r = api.send("GET", "/api/patients/" + id, doc, null, Map.of("Accept", format));
            assertProblem(r, 406, "The Accept header names none of what this route answers: application/json");
            assertThat(r.body()).as(format).doesNotContain("Ann");
        }
        assertThat(api.send("GET", "/api/patients/" + id, doc, null, Map.of("Accept", "application/xml, application/json;q=0.5"))
                .json().get("firstName").asString()).isEqualTo("Ann");
    }

    @Test
    void aWildcardContentTypeIs415() {
        assertProblem(api.send("POST", "/api/users", adminToken(), "{}", Map.of("Content-Type", "application/*")), 415,
                "Content-Type");
        assertProblem(api.send("POST", "/api/users", adminToken(), "{}", Map.of("Content-Type", "*/*")), 415, "Content-Type");
    }

    @Test
    void invalidUtf8InTheQueryStringIs400NamingTheParameter() {
        String doc = clinicianWithPatient();
        for (String bad : new String[]{"%FF", "%C0%AF", "%E2%82", "%ED%A0%80"}) {
            Api.Response r = api.get("/api/patients?query=" + bad, doc);
            assertProblem(r, 400, "query: must be percent-encoded UTF-8");
        }
    }

    @Test
    void extremeYearsInDatesAndInstantsAre400NamingTheField() {
        String doc = clinicianWithPatient();
        assertProblem(api.post("/api/patients", doc, Map.of("firstName", "Y", "lastName", "Z", "dateOfBirth", "+999999999-12-31")),
                400, "dateOfBirth: must be a date between 0001-01-01 and 9999-12-31");
        assertProblem(api.post("/api/patients", doc, Map.of("firstName", "Y", "lastName", "Z", "dateOfBirth", "-999999999-01-01")),
                400, "dateOfBirth");
        assertProblem(api.get("/api/appointments?date=%2B999999999-12-31", doc), 400, "date: must be a date");
        assertProblem(api.get("/api/patients?dateOfBirth=-0001-01-01", doc), 400, "dateOfBirth");
        assertProblem(api.get("/api/audit-logs?from=%2B999999999-12-31T00:00:00Z", adminToken()), 400, "from: must be a timestamp");
        UUID patient = UUID.fromString(api.post("/api/patients", doc, Map.of("firstName", "Y", "lastName", "Z",
                "dateOfBirth", "1970-01-01")).json().get("id").asString());
        Api.Response booking = api.post("/api/patients/" + patient + "/appointments", doc, Map.of(
                "startsAt", "+999999999-12-31T00:00:00Z", "durationMinutes", 30, "clinicianId", UUID.randomUUID().toString()));
        assertProblem(booking, 400, "startsAt: must be a timestamp between 0001-01-01 and 9999-12-31");
    }

    @Test
    void sqlMetacharactersAndUnicodeAreJustData() {
        Api.Response r = api.post("/api/users", adminToken(), Map.of("email", "o'brien+x@test.holi",
                "name", "Zoë O'Brien'); DROP TABLE users; -- 山田", "role", "STAFF", "password", "twelve-chars-ok"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("name").asString()).isEqualTo("Zoë O'Brien'); DROP TABLE users; -- 山田");
        assertThat(users()).isPositive();
    }
}
