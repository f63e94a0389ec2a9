package io.holi.scheduling;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a scheduling answer reveals about a patient is readable by the caller and audited. */
class AppointmentDisclosureTest extends ClinicalApiTest {

    private Instant slot(int daysAhead) {
        return Instant.now().plus(daysAhead, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS)
                .plus((long) (Math.random() * 400) * 15, ChronoUnit.MINUTES);
    }

    @Test
    void settingTheStatusAnAppointmentAlreadyHasIsAuditedAsAReadOfThatPatient() {
        UUID patient = patient();
        UUID appointment = idOf(api.post("/api/patients/" + patient + "/appointments", clinicianToken, Map.of(
                "startsAt", slot(60).toString(), "durationMinutes", 30, "clinicianId", clinician.id().toString(),
                "reason", "knee pain")));
        Api.Response same = api.patch("/api/appointments/" + appointment, clinicianToken, Map.of("status", "SCHEDULED"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body()).contains("knee pain");
        assertThat(auditOf(same)).hasSize(1);
        assertThat(auditOf(same).get(0)).containsEntry("action", "READ").containsEntry("patient_id", patient)
                .containsEntry("resource_id", appointment);
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE request_id = ? AND details->>'operation' = 'audit.coverage-gap'",
                Long.class, same.requestId())).isZero();
    }

    @Test
    void aScheduleShowsSlotsOfPatientsTheCallerMayNotSeeAsBusyTimeWithoutThePatient() {
        Instant start = slot(90);
        LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
        UUID hidden = patient(admin, Map.of("firstName", "Hidden", "lastName", "Person", "dateOfBirth", "1955-05-05"));
        UUID appointment = idOf(api.post("/api/patients/" + hidden + "/appointments", admin, Map.of(
                "startsAt", start.toString(), "durationMinutes", 30, "clinicianId", clinician.id().toString())));
        Api.User frontDesk = api.createUser(admin, "STAFF");

        for (String token : new String[]{clinicianToken, tokenOf(frontDesk)}) {
            Api.Response schedule = api.get("/api/appointments?date=" + day, token);
            assertThat(schedule.status()).isEqualTo(200);
            var entry = java.util.stream.StreamSupport.stream(schedule.json().get("items").spliterator(), false)
                    .filter(e -> e.get("id").asString().equals(appointment.toString())).findFirst().orElseThrow();
            assertThat(entry.path("patientId").isNull() || entry.path("patientId").isMissingNode()).as(entry.toString()).isTrue();
            assertThat(entry.path("patient").isNull() || entry.path("patient").isMissingNode()).as(entry.toString()).isTrue();
            assertThat(entry.get("clinicianId").asString()).isEqualTo(clinician.id().toString());
            assertThat(schedule.body()).doesNotContain(hidden.toString()).doesNotContain("Hidden");
            assertThat(auditOf(schedule)).noneMatch(r -> hidden.equals(r.get("patient_id")));
        }
    }
}
