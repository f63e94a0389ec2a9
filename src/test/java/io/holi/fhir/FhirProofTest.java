package io.holi.fhir;

import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proof's validator finds an invalid resource among many as surely as alone, and says which one it is. */
class FhirProofTest {

    private static Patient patient(String id) {
        Patient p = new Patient();
        p.setId(id);
        p.addName().setFamily("Lovelace").addGiven("Ada");
        p.setGender(AdministrativeGender.FEMALE);
        return p;
    }

    @Test
    void anInvalidResourceAmongValidOnesFailsTheBatchAndIsNamed() {
        Patient broken = patient("broken-one");
        broken.addContact().setGender(AdministrativeGender.MALE); // pat-1: a contact SHALL have details or an organization
        assertThatThrownBy(() -> FhirProof.assertValid(broken)).isInstanceOf(AssertionError.class).hasMessageContaining("pat-1");

        FhirProof.assertAllValid(List.of(patient("first"), patient("second"), patient("third")));
        assertThatThrownBy(() -> FhirProof.assertAllValid(List.of(patient("first"), broken, patient("third"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Bundle.entry[1]").hasMessageContaining("pat-1").hasMessageContaining("broken-one");
        assertThat(broken.getIdElement().getIdPart()).isEqualTo("broken-one");
    }
}
