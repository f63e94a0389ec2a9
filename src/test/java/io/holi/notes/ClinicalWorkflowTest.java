package io.holi.notes;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import io.holi.testing.FakeAnthropic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClinicalWorkflowTest extends ClinicalApiTest {

    @AfterEach
    void anthropicBackToNormal() {
        ANTHROPIC.mode(FakeAnthropic.Mode.OK);
    }

    private Instant freeSlot() {
        return Instant.now().plus(30 + (long) (Math.random() * 300), ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void aClinicianCannotBeDoubleBookedButCancelledSlotsAreFree() {
        UUID p = patient();
        Instant start = freeSlot();
        Map<String, Object> booking = Map.of("startsAt", start.toString(), "durationMinutes", 30,
                "clinicianId", clinician.id().toString(), "reason", "check-up");
        UUID first = idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, booking));
        Api.Response overlap = api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of(
                "startsAt", start.plus(15, ChronoUnit.MINUTES).toString(), "durationMinutes", 30, "clinicianId", clinician.id().toString()));
        assertThat(overlap.status()).isEqualTo(409);
        assertThat(overlap.json().get("detail").asString()).contains("already has an appointment");
        // back to back is fine
        idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt",
                start.plus(30, ChronoUnit.MINUTES).toString(), "durationMinutes", 30, "clinicianId", clinician.id().toString())));

        assertThat(api.patch("/api/appointments/" + first, clinicianToken, Map.of("status", "CANCELLED")).status()).isEqualTo(200);
        UUID again = idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, booking));
        // re-opening the cancelled one would now double-book
        Api.Response reopen = api.patch("/api/appointments/" + first, clinicianToken, Map.of("status", "SCHEDULED"));
        assertThat(reopen.status()).isEqualTo(409);
        assertThat(again).isNotEqualTo(first);
    }

    @Test
    void appointmentStatusesMoveOnlyForward() {
        UUID p = patient();
        UUID a = idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt", freeSlot().toString(),
                "durationMinutes", 20, "clinicianId", clinician.id().toString())));
        assertThat(api.patch("/api/appointments/" + a, clinicianToken, Map.of("status", "CHECKED_IN")).status()).isEqualTo(200);
        assertThat(api.patch("/api/appointments/" + a, clinicianToken, Map.of("status", "COMPLETED")).status()).isEqualTo(200);
        Api.Response back = api.patch("/api/appointments/" + a, clinicianToken, Map.of("status", "SCHEDULED"));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("detail").asString()).contains("COMPLETED cannot become SCHEDULED");
    }

    @Test
    void theDaysScheduleShowsNamesOnlyOfPatientsTheCallerMaySee() {
        Api.User staff = api.createUser(admin, "STAFF");
        UUID seen = patient(clinicianToken, Map.of("firstName", "Visible", "lastName", "Patient", "dateOfBirth", "1950-01-01"));
        UUID hidden = patient(clinicianToken, Map.of("firstName", "Hidden", "lastName", "Patient", "dateOfBirth", "1950-01-01"));
        grant(seen, staff);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(400 + (long) (Math.random() * 300));
        Instant nine = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        idOf(api.post("/api/patients/" + seen + "/appointments", clinicianToken, Map.of("startsAt", nine.toString(),
                "durationMinutes", 30, "clinicianId", clinician.id().toString())));
        idOf(api.post("/api/patients/" + hidden + "/appointments", clinicianToken, Map.of("startsAt", nine.plusSeconds(3600).toString(),
                "durationMinutes", 30, "clinicianId", clinician.id().toString())));

        Api.Response front = api.get("/api/appointments?date=" + day, tokenOf(staff));
        assertThat(front.status()).isEqualTo(200);
        // the hidden patient's slot is busy time without the patient: neither its name nor its id
        assertThat(front.body()).contains("Visible").doesNotContain("Hidden").doesNotContain(hidden.toString());
        assertThat(auditOf(front)).extracting(m -> m.get("patient_id")).containsExactly(seen);

        Api.Response own = api.get("/api/appointments?date=" + day, clinicianToken);
        assertThat(own.json().get("items")).hasSize(2);
        assertThat(own.body()).contains("Visible").contains("Hidden");
    }

    @Test
    void prescriptionsAreDiscontinuedOnceWithAReason() {
        UUID p = patient();
        UUID rx = idOf(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", "Lisinopril",
                "dosage", "10 mg", "route", "oral", "frequency", "daily", "quantity", 30, "refills", 2)));
        Api.Response stop = api.post("/api/prescriptions/" + rx + "/discontinue", clinicianToken, Map.of("reason", "cough"));
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.json().get("status").asString()).isEqualTo("DISCONTINUED");
        assertThat(stop.json().get("discontinueReason").asString()).isEqualTo("cough");
        assertThat(api.post("/api/prescriptions/" + rx + "/discontinue", clinicianToken, Map.of("reason", "again")).status())
                .isEqualTo(409);
    }

    @Test
    void aRevisedNoteKeepsEveryEarlierVersionReadable() {
        UUID p = patient();
        UUID n = idOf(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", "first draft")));
        Api.Response v2 = api.put("/api/notes/" + n, clinicianToken, Map.of("text", "corrected: allergy to penicillin"));
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(v2.json().get("text").asString()).isEqualTo("corrected: allergy to penicillin");
        Api.Response versions = api.get("/api/notes/" + n + "/versions", clinicianToken);
        assertThat(versions.json().get("items").findValues("text").stream().map(t -> t.asString()).toList())
                .containsExactly("first draft", "corrected: allergy to penicillin");
        // versions are legal records: not even the application's role can change one
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                sql.update("DELETE FROM note_versions WHERE note_id = ?", n))).rootCause().hasMessageContaining("legal records");
    }

    @Test
    void breakGlassGivesAnHourOfAccessIsAuditedAndListedForReview() {
        Api.User other = api.createUser(admin, "CLINICIAN");
        String otherToken = tokenOf(other);
        UUID p = patient();
        assertThat(api.get("/api/patients/" + p, otherToken).status()).isEqualTo(403);

        Api.Response glass = api.post("/api/patients/" + p + "/break-glass", otherToken, Map.of("reason", "unconscious in A&E"));
        assertThat(glass.status()).isEqualTo(201);
        Instant expires = Instant.parse(glass.json().get("expiresAt").asString());
        assertThat(expires).isBetween(Instant.now().plus(59, ChronoUnit.MINUTES), Instant.now().plus(61, ChronoUnit.MINUTES));
        assertThat(auditOf(glass)).extracting(m -> m.get("action")).containsExactly("BREAK_GLASS");
        assertThat(api.get("/api/patients/" + p, otherToken).status()).isEqualTo(200);

        Api.User auditor = api.createUser(admin, "AUDITOR");
        String auditorToken = tokenOf(auditor);
        Api.Response toReview = api.get("/api/break-glass?reviewed=false", auditorToken);
        assertThat(toReview.body()).contains(glass.json().get("id").asString()).contains("unconscious in A&E");
        Api.Response reviewed = api.post("/api/break-glass/" + glass.json().get("id").asString() + "/review", auditorToken,
                Map.of("note", "genuine emergency, confirmed with the ward"));
        assertThat(reviewed.status()).isEqualTo(200);
        assertThat(api.get("/api/break-glass?reviewed=false", auditorToken).body()).doesNotContain(glass.json().get("id").asString());

        // an hour later the access is gone
        sql.update("UPDATE data_access_grants SET expires_at = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(glass.json().get("id").asString()));
        Api.Response after = api.get("/api/patients/" + p, otherToken);
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.json().get("detail").asString()).contains("expired");
    }

    @Test
    void grantsCanBeRevokedAndExpire() {
        Api.User staff = api.createUser(admin, "STAFF");
        UUID p = patient();
        Api.Response g = api.post("/api/patients/" + p + "/grants", admin, Map.of("userId", staff.id().toString(),
                "reason", "front desk", "expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(g.status()).isEqualTo(201);
        assertThat(api.post("/api/patients/" + p + "/grants", admin, Map.of("userId", staff.id().toString(),
                "reason", "again")).status()).isEqualTo(409);
        assertThat(api.get("/api/patients/" + p, tokenOf(staff)).status()).isEqualTo(200);
        Api.Response revoke = api.delete("/api/patients/" + p + "/grants/" + staff.id(), admin);
        assertThat(revoke.status()).isEqualTo(204);
        assertThat(auditOf(revoke)).extracting(m -> m.get("action")).containsExactly("GRANT_REVOKED");
        Api.Response denied = api.get("/api/patients/" + p, tokenOf(staff));
        assertThat(denied.json().get("detail").asString()).contains("revoked");
        assertThat(api.get("/api/patients/" + p + "/grants", admin).json().get("items").findValues("status").stream()
                .map(s -> s.asString()).toList()).contains("REVOKED", "ACTIVE");
        assertThat(api.post("/api/patients/" + p + "/grants", admin, Map.of("userId", staff.id().toString(),
                "reason", "past", "expiresAt", "2020-01-01T00:00:00Z")).status()).isEqualTo(400);
    }

    @Test
    void theExportHoldsEveryRecordOfThePatientAndIsAuditedAsExport() {
        UUID p = patient();
        UUID n = idOf(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", "v1")));
        api.put("/api/notes/" + n, clinicianToken, Map.of("text", "v2"));
        idOf(api.post("/api/patients/" + p + "/prescriptions", clinicianToken, Map.of("medication", "M", "dosage", "1", "quantity", 1)));
        idOf(api.post("/api/patients/" + p + "/appointments", clinicianToken, Map.of("startsAt", freeSlot().toString(),
                "durationMinutes", 10, "clinicianId", clinician.id().toString())));
        Api.Response r = api.get("/api/patients/" + p + "/export", clinicianToken);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).startsWith("attachment");
        var chart = r.json();
        assertThat(chart.get("patient").get("id").asString()).isEqualTo(p.toString());
        assertThat(chart.get("appointments")).hasSize(1);
        assertThat(chart.get("prescriptions")).hasSize(1);
        assertThat(chart.get("notes").get(0).get("versions")).hasSize(2);
        assertThat(chart.get("accessGrants")).isNotEmpty();
        assertThat(auditOf(r)).extracting(m -> m.get("action")).containsExactly("EXPORT");
    }

    @Test
    void theAiSummaryComesFromTheMessagesApiAndIsAuditedBeforeThePhiLeaves() {
        UUID p = patient();
        String marker = "chest pain since " + UUID.randomUUID();
        UUID n = idOf(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", marker)));
        int before = ANTHROPIC.requests().size();
        Api.Response r = api.post("/api/notes/" + n + "/summary", clinicianToken, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("summary").asString()).contains("Stable vitals");
        assertThat(ANTHROPIC.requests().subList(before, ANTHROPIC.requests().size())).anyMatch(b -> b.contains(marker));
        Map<String, Object> audit = auditOf(r).get(0);
        assertThat(audit).containsEntry("action", "EXPORT").containsEntry("resource", "Note").containsEntry("patient_id", p);
        assertThat(audit.get("details").toString()).contains("Anthropic").doesNotContain(marker);
    }

    @Test
    void whenTheAiIsOverloadedSlowOrMalformedTheAnswerIs503AndTheNoteIsUntouched() {
        UUID p = patient();
        UUID n = idOf(api.post("/api/patients/" + p + "/notes", clinicianToken, Map.of("text", "keep me")));
        for (FakeAnthropic.Mode mode : List.of(FakeAnthropic.Mode.OVERLOADED, FakeAnthropic.Mode.MALFORMED, FakeAnthropic.Mode.SLOW)) {
            ANTHROPIC.mode(mode);
            // the client gives up after 30 s: an answer must come before that (the service's deadline is 8 s here)
            Api.Response r = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.uri("/api/notes/" + n + "/summary")))
                    .timeout(java.time.Duration.ofSeconds(30)).header("Authorization", "Bearer " + clinicianToken)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.status()).as(mode + ": " + r.body()).isEqualTo(503);
            assertThat(r.json().get("detail").asString()).contains("AI assistance unavailable");
        }
        ANTHROPIC.mode(FakeAnthropic.Mode.OK);
        assertThat(api.get("/api/notes/" + n, clinicianToken).json().get("text").asString()).isEqualTo("keep me");
    }
}
