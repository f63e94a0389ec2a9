package io.holi.audit;

import io.holi.testing.Api;
import io.holi.testing.ClinicalApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anomaly detection on a day of generated audit data with known planted anomalies: every one is found, and
 * nothing in the ordinary activity around them is flagged.
 */
class AnomalyDetectionTest extends ClinicalApiTest {

    @Autowired
    AuditAnomalies anomalies;

    private Instant at(LocalDate day, int hour, int minute, int second) {
        return day.atTime(hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    private void audit(Instant when, Api.User who, String action, UUID patient, String outcome, String ip) {
        sql.update("INSERT INTO audit_logs (\"timestamp\", user_id, user_email, role, action, resource, patient_id, ip_address, outcome, details) "
                        + "VALUES (?, ?, ?, ?, ?, 'Patient', ?, ?::inet, ?, ?::jsonb)",
                Timestamp.from(when), who == null ? null : who.id(), who == null ? "unknown@x.test" : who.email(),
                who == null ? null : who.role(), action, patient, ip, outcome,
                outcome.equals("DENIED") ? "{\"reason\": \"no active grant\"}" : "{}");
    }

    @Test
    void everyPlantedAnomalyIsFoundAndNothingElse() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(40);
        sql.queryForObject("SELECT holi_ensure_audit_partitions(3, 3)", Integer.class);
        Api.User normal = clinician;
        Api.User heavy = api.createUser(admin, "CLINICIAN");
        Api.User snoop = api.createUser(admin, "CLINICIAN");
        Api.User night = api.createUser(admin, "CLINICIAN");
        UUID p1 = patient();
        UUID p2 = patient();
        UUID p3 = patient();
        grant(p1, heavy);
        grant(p1, night);
        // every grant of these patients was in force on that day
        sql.update("UPDATE data_access_grants SET created_at = ? WHERE patient_id IN (?, ?, ?)",
                Timestamp.from(at(day.minusDays(1), 8, 0, 0)), p1, p2, p3);

        // ordinary activity: reads with grants, in working hours; a few failed sign-ins
        for (int i = 0; i < 30; i++) {
            audit(at(day, 9 + i % 8, i, 0), normal, "READ", p1, "SUCCESS", "10.1.1.1");
        }
        for (int i = 0; i < 5; i++) {
            audit(at(day, 15, i * 5, 0), null, "LOGIN_FAILED", null, "DENIED", "10.1.1.2");
        }
        // planted: 150 reads by one user in a day
        for (int i = 0; i < 150; i++) {
            audit(at(day, 10, i / 60, i % 60), heavy, "READ", p1, "SUCCESS", "10.1.1.3");
        }
        // planted: a read without a grant (should be impossible), and a denied attempt
        audit(at(day, 11, 0, 0), snoop, "READ", p2, "SUCCESS", "10.1.1.4");
        audit(at(day, 11, 5, 0), snoop, "PERMISSION_DENIED", p3, "DENIED", "10.1.1.4");
        // planted: 7 failed sign-ins from one address within an hour
        for (int i = 0; i < 7; i++) {
            audit(at(day, 14, i * 4, 0), null, "LOGIN_FAILED", null, "DENIED", "10.9.9.9");
        }
        // planted: a granted read at 23:30
        audit(at(day, 23, 30, 0), night, "READ", p1, "SUCCESS", "10.1.1.5");
        audit(at(day, 23, 31, 0), night, "READ", p1, "SUCCESS", "10.1.1.5");
        // planted: an export and a break-glass access
        audit(at(day, 10, 0, 0), normal, "EXPORT", p1, "SUCCESS", "10.1.1.1");
        audit(at(day, 11, 0, 0), night, "BREAK_GLASS", p2, "SUCCESS", "10.1.1.5");

        Anomalies.Report r = anomalies.detect(at(day, 0, 0, 0), at(day.plusDays(1), 0, 0, 0));
        List<String> found = r.findings().stream().map(f -> f.check() + " " + f.who() + " " + f.subject() + " " + f.count()).toList();
        assertThat(found).containsExactlyInAnyOrder(
                "HIGH_VOLUME " + heavy.email() + " " + day + " 150",
                "NO_GRANT " + snoop.email() + " " + p2 + " 1",
                "NO_GRANT " + snoop.email() + " " + p3 + " 1",
                "FAILED_LOGINS 10.9.9.9 " + day + " 14:00 7",
                "AFTER_HOURS " + night.email() + " " + day + " 2",
                "EXPORT " + normal.email() + " " + p1 + " 1",
                "BREAK_GLASS " + night.email() + " " + p2 + " 1");
        assertThat(r.findings().stream().filter(f -> f.check() == Anomalies.Check.NO_GRANT && f.subject().equals(p2.toString()))
                .findFirst().orElseThrow().detail()).startsWith("ALLOWED without a grant");
        assertThat(r.counts()).containsEntry(Anomalies.Check.NO_GRANT, 2L).containsEntry(Anomalies.Check.HIGH_VOLUME, 1L);

        // the weekly review of that week reports them with the manual's summary
        String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        var review = holi("", "audit", "review", "--week", week);
        assertThat(review.exitCode()).as(review.all()).isZero();
        assertThat(review.out()).contains("# Weekly Audit Log Review - " + week).contains("- Export events: 1")
                .contains("- Failed auth: 12").contains("### HIGH_VOLUME (1)").contains(heavy.email()).contains("## Action Items");
    }
}
