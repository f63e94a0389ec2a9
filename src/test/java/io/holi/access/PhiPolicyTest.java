package io.holi.access;

import io.holi.platform.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The PHI gate's rules, without Spring or a database. */
class PhiPolicyTest {

    private static final GrantState ACTIVE = new GrantState(GrantState.Status.ACTIVE, Optional.of("GRANT"), Optional.empty());
    private static final GrantState BREAK_GLASS = new GrantState(GrantState.Status.ACTIVE, Optional.of("BREAK_GLASS"), Optional.empty());
    private static final GrantState EXPIRED = new GrantState(GrantState.Status.EXPIRED, Optional.of("GRANT"), Optional.of(Instant.EPOCH));
    private static final GrantState REVOKED = new GrantState(GrantState.Status.REVOKED, Optional.of("GRANT"), Optional.of(Instant.EPOCH));

    @ParameterizedTest
    @EnumSource(Purpose.class)
    void auditorsNeverReadOrWritePhiEvenWithAGrant(Purpose purpose) {
        Decision d = PhiPolicy.decide(Role.AUDITOR, ACTIVE, purpose);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("auditors never read PHI");
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    void cliniciansWithAGrantMayDoEverything(Purpose purpose) {
        assertThat(PhiPolicy.decide(Role.CLINICIAN, ACTIVE, purpose).allowed()).isTrue();
        assertThat(PhiPolicy.decide(Role.CLINICIAN, BREAK_GLASS, purpose).reason()).contains("break-glass");
    }

    @ParameterizedTest
    @EnumSource(value = Purpose.class, names = {"READ_DEMOGRAPHICS", "WRITE_DEMOGRAPHICS", "READ_APPOINTMENTS", "WRITE_APPOINTMENTS"})
    void staffWithAGrantHandleDemographicsAndAppointments(Purpose purpose) {
        assertThat(PhiPolicy.decide(Role.STAFF, ACTIVE, purpose).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Purpose.class, names = {"READ_CLINICAL", "WRITE_CLINICAL", "EXPORT", "DELETE_PATIENT"})
    void staffNeverSeeClinicalRecordsExportOrDelete(Purpose purpose) {
        Decision d = PhiPolicy.decide(Role.STAFF, ACTIVE, purpose);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("front-desk staff may not");
    }

    @Test
    void administratorsReadOnlyThroughAGrantAndNeverWriteClinicalRecords() {
        assertThat(PhiPolicy.decide(Role.ADMIN, GrantState.none(), Purpose.READ_DEMOGRAPHICS).allowed()).isFalse();
        assertThat(PhiPolicy.decide(Role.ADMIN, BREAK_GLASS, Purpose.READ_CLINICAL).allowed()).isTrue();
        assertThat(PhiPolicy.decide(Role.ADMIN, ACTIVE, Purpose.EXPORT).allowed()).isTrue();
        Decision write = PhiPolicy.decide(Role.ADMIN, ACTIVE, Purpose.WRITE_CLINICAL);
        assertThat(write.allowed()).isFalse();
        assertThat(write.reason()).isEqualTo("only clinicians write clinical records");
    }

    @Test
    void administratorsMayRemoveAPatientWithoutAGrantBecauseThatDisclosesNothing() {
        assertThat(PhiPolicy.decide(Role.ADMIN, GrantState.none(), Purpose.DELETE_PATIENT).allowed()).isTrue();
        assertThat(PhiPolicy.decide(Role.CLINICIAN, GrantState.none(), Purpose.DELETE_PATIENT).allowed()).isFalse();
    }

    @Test
    void theReasonSaysWhyTheGrantDoesNotCount() {
        assertThat(PhiPolicy.decide(Role.CLINICIAN, GrantState.none(), Purpose.READ_CLINICAL).reason()).isEqualTo("no grant for this patient");
        assertThat(PhiPolicy.decide(Role.CLINICIAN, EXPIRED, Purpose.READ_CLINICAL).reason()).isEqualTo("the grant for this patient expired");
        assertThat(PhiPolicy.decide(Role.STAFF, REVOKED, Purpose.READ_DEMOGRAPHICS).reason()).isEqualTo("the grant for this patient was revoked");
    }
}
