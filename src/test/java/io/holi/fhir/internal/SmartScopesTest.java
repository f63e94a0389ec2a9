package io.holi.fhir.internal;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static io.holi.fhir.internal.SmartScopes.Context.PATIENT;
import static io.holi.fhir.internal.SmartScopes.Context.SYSTEM;
import static io.holi.fhir.internal.SmartScopes.Context.USER;
import static io.holi.fhir.internal.SmartScopes.Permission.C;
import static io.holi.fhir.internal.SmartScopes.Permission.D;
import static io.holi.fhir.internal.SmartScopes.Permission.R;
import static io.holi.fhir.internal.SmartScopes.Permission.S;
import static io.holi.fhir.internal.SmartScopes.Permission.U;
import static org.assertj.core.api.Assertions.assertThat;

/** SMART scopes as a plain rule: what each spelling allows, and that nothing unknown allows anything. */
class SmartScopesTest {

    private static final Set<SmartScopes.Context> USER_ONLY = EnumSet.of(USER);

    @Test
    void v2PermissionsAllowExactlyTheirLetters() {
        SmartScopes s = SmartScopes.parse("user/Patient.rs user/Appointment.cruds");
        assertThat(s.allows("Patient", R, USER_ONLY)).isTrue();
        assertThat(s.allows("Patient", S, USER_ONLY)).isTrue();
        assertThat(s.allows("Patient", C, USER_ONLY)).isFalse();
        assertThat(s.allows("Patient", U, USER_ONLY)).isFalse();
        assertThat(s.allows("Appointment", D, USER_ONLY)).isTrue();
        assertThat(s.allows("MedicationRequest", R, USER_ONLY)).isFalse();
    }

    @Test
    void v1ReadWriteAndStarMapToV2() {
        SmartScopes s = SmartScopes.parse("user/Patient.read user/Appointment.write system/*.*");
        assertThat(s.allows("Patient", S, USER_ONLY)).isTrue();
        assertThat(s.allows("Patient", C, USER_ONLY)).isFalse();
        assertThat(s.allows("Appointment", C, USER_ONLY)).isTrue();
        assertThat(s.allows("Appointment", R, USER_ONLY)).isFalse();
        assertThat(s.allows("DocumentReference", D, EnumSet.of(SYSTEM))).isTrue();
    }

    @Test
    void aScopeCountsOnlyInTheContextsTheTokenHas() {
        SmartScopes system = SmartScopes.parse("system/*.rs");
        assertThat(system.allows("Patient", R, USER_ONLY)).isFalse();
        assertThat(system.allows("Patient", R, EnumSet.of(SYSTEM))).isTrue();
        SmartScopes s = SmartScopes.parse("user/Patient.rs patient/Observation.rs");
        assertThat(s.onlyPatientContext("Observation", R)).isTrue();
        assertThat(s.onlyPatientContext("Patient", R)).isFalse();
        assertThat(s.allows("Observation", R, USER_ONLY)).isFalse();
        assertThat(s.allows("Observation", R, EnumSet.of(USER, PATIENT))).isTrue();
    }

    @Test
    void whatIsNotAScopeOfThisServerAllowsNothing() {
        for (String odd : new String[]{"openid", "launch", "offline_access", "fhirUser", "user/Patient.", "user/.rs",
                "user/Patient.sr", "user/Patient.rr", "user/Patient.x", "admin/*.*", "user/Patient.rs?category=vital-signs",
                "user/Pat1ent.rs", "/Patient.rs"}) {
            assertThat(SmartScopes.parseOne(odd)).as(odd).isEmpty();
        }
        SmartScopes s = SmartScopes.parse("openid fhirUser user/Observation.rs?category=laboratory");
        assertThat(s.scopes()).isEmpty();
        assertThat(s.allows("Observation", R, USER_ONLY)).isFalse();
    }

    @Test
    void grantedIsWrittenBackCanonically() {
        assertThat(SmartScopes.parse("user/Patient.read  system/*.cruds").granted()).isEqualTo("user/Patient.rs system/*.cruds");
    }
}
