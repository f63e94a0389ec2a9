package io.holi.patients;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PatientsApiTest extends ClinicalApiTest {

    private static Map<String, Object> full(String first, String last, String email, String phone, String nationalId) {
        return Map.of("firstName", first, "lastName", last, "dateOfBirth", "1975-03-09", "sex", "FEMALE", "email", email,
                "phone", phone, "address", "1 Main Street", "nationalId", nationalId);
    }

    @Test
    void registeringReturnsTheIdAndACheckedMrnAndGrantsTheCreator() {
        Api.Response r = api.post("/api/patients", clinicianToken, full("Grace", "Hopper", "grace@example.org", "+1 555 0100", "123-45-6789"));
        assertThat(r.status()).isEqualTo(201);
        String mrn = r.json().get("mrn").asString();
        assertThat(mrn).matches("H\\d{9}");
        UUID id = UUID.fromString(r.json().get("id").asString());
        assertThat(auditOf(r)).extracting(m -> m.get("action")).contains("CREATE", "GRANT_CREATED");
        assertThat(sql.queryForObject("SELECT kind FROM data_access_grants WHERE patient_id = ? AND user_id = ?", String.class,
                id, clinician.id())).isEqualTo("CREATOR");

        Api.Response read = api.get("/api/patients/" + id, clinicianToken);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("email").asString()).isEqualTo("grace@example.org");
        assertThat(read.json().get("nationalId").asString()).isEqualTo("123-45-6789");
        assertThat(auditOf(read).get(0)).containsEntry("action", "READ").containsEntry("resource", "Patient")
                .containsEntry("patient_id", id).containsEntry("user_id", clinician.id());
    }

    @Test
    void updateReplacesDemographicsAndDeleteHidesThePatient() {
        UUID id = patient();
        Api.Response put = api.put("/api/patients/" + id, clinicianToken, full("New", "Name", "new@example.org", "555 0199", "X1"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("lastName").asString()).isEqualTo("Name");
        assertThat(auditOf(put)).extracting(m -> m.get("action")).containsExactly("UPDATE");

        Api.Response del = api.delete("/api/patients/" + id, clinicianToken);
        assertThat(del.status()).isEqualTo(204);
        assertThat(api.get("/api/patients/" + id, clinicianToken).status()).isEqualTo(404);
        assertThat(api.get("/api/patients/" + id + "/notes", clinicianToken).status()).isEqualTo(404);
        // the record stays for retention; only deleted_at tells it is gone
        assertThat(sql.queryForObject("SELECT deleted_at IS NOT NULL FROM patients WHERE id = ?", Boolean.class, id)).isTrue();
    }

    @Test
    void searchFindsByNameFragmentMrnAndExactEncryptedFieldsAmongAccessiblePatientsOnly() {
        String marker = "Zyx" + letters(6);
        UUID mine = patient(clinicianToken, full(marker + "ina", "Lovelace", marker + "@example.org", "+44 20 7946 0" + marker.length(), "NI-" + marker + "-42"));
        Api.User other = api.createUser(admin, "CLINICIAN");
        UUID theirs = patient(tokenOf(other), full(marker + "ette", "Secret", "their-" + marker + "@example.org", "+1 202 555 0177", "NI-T-" + marker + "-42"));

        Api.Response byName = api.get("/api/patients?query=" + marker.toLowerCase(), clinicianToken);
        assertThat(ids(byName)).containsExactly(mine.toString());
        assertThat(byName.body()).doesNotContain(theirs.toString()).doesNotContain("Secret");

        String mrn = api.get("/api/patients/" + mine, clinicianToken).json().get("mrn").asString();
        assertThat(ids(api.get("/api/patients?query=" + mrn, clinicianToken))).containsExactly(mine.toString());
        assertThat(ids(api.get("/api/patients?query=" + marker.toUpperCase() + "@EXAMPLE.ORG", clinicianToken))).containsExactly(mine.toString());
        assertThat(ids(api.get("/api/patients?query=NI" + marker + "42", clinicianToken))).containsExactly(mine.toString());
        assertThat(ids(api.get("/api/patients?query=" + java.net.URLEncoder.encode("+44 20 7946 09", java.nio.charset.StandardCharsets.UTF_8),
                clinicianToken))).containsExactly(mine.toString());

        // the other clinician's patient matches by exact email, but this caller holds no grant: nothing about it
        Api.Response probe = api.get("/api/patients?query=their-" + marker + "@example.org", clinicianToken);
        assertThat(probe.status()).isEqualTo(200);
        assertThat(ids(probe)).isEmpty();
        assertThat(probe.body()).doesNotContain(theirs.toString());

        Map<String, Object> audit = auditOf(byName).get(0);
        assertThat(audit).containsEntry("action", "SEARCH");
        assertThat(audit.get("details").toString()).contains(mine.toString()).doesNotContain(marker);
    }

    @Test
    void aQueryWithADigitStillSearchesNamesUnlessItIsAPhoneNumber() {
        String last = "Qm" + letters(5);
        UUID twin = patient(clinicianToken, Map.of("firstName", "Twin2", "lastName", last, "dateOfBirth", "1990-02-02"));
        assertThat(ids(api.get("/api/patients?query=" + java.net.URLEncoder.encode("Twin2 " + last, java.nio.charset.StandardCharsets.UTF_8),
                clinicianToken))).containsExactly(twin.toString());
        assertThat(ids(api.get("/api/patients?query=" + last + "2", clinicianToken))).isEmpty();
    }

    @Test
    void shortFragmentsMatchTheStartOfANameAndBirthDateFilters() {
        String last = "Qv" + letters(5);
        UUID a = patient(clinicianToken, Map.of("firstName", "Ann", "lastName", last, "dateOfBirth", "1990-01-01"));
        UUID b = patient(clinicianToken, Map.of("firstName", "Bob", "lastName", last, "dateOfBirth", "1991-01-01"));
        assertThat(ids(api.get("/api/patients?query=" + last + "&dateOfBirth=1991-01-01", clinicianToken))).containsExactly(b.toString());
        assertThat(ids(api.get("/api/patients?query=" + last, clinicianToken))).containsExactlyInAnyOrder(a.toString(), b.toString());
        Api.Response page = api.get("/api/patients?query=" + last + "&size=1", clinicianToken);
        assertThat(ids(page)).hasSize(1);
        assertThat(page.json().get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void likeWildcardsInTheQueryAreLiteral() {
        patient();
        assertThat(ids(api.get("/api/patients?query=%25%25%25", clinicianToken))).isEmpty();
        assertThat(ids(api.get("/api/patients?query=___", clinicianToken))).isEmpty();
    }

    @Test
    void theBestNameMatchesComeFirst() {
        String stem = "Wq" + letters(4);
        UUID exact = patient(clinicianToken, Map.of("firstName", "Al", "lastName", stem, "dateOfBirth", "1990-01-01"));
        UUID longer = patient(clinicianToken, Map.of("firstName", "Bartholomew", "lastName", stem + "ington-Smythe", "dateOfBirth", "1990-01-01"));
        assertThat(ids(api.get("/api/patients?query=" + stem, clinicianToken))).containsExactly(exact.toString(), longer.toString());
    }

    private static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static List<String> ids(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items").findValues("id").stream().map(n -> n.asString()).toList();
    }
}
