package io.holi.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof's tools, written by others: HAPI's generic client, and its instance validator against the R4 base
 * definitions. One validator per JVM (building it reads every base StructureDefinition).
 */
public final class FhirProof {

    public static final FhirContext R4 = FhirContext.forR4Cached();

    private static FhirValidator validator;

    private FhirProof() {
    }

    public static IGenericClient client(String base, String token) {
        R4.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        R4.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = R4.newRestfulGenericClient(base);
        if (token != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        }
        return client;
    }

    static synchronized FhirValidator validator() {
        if (validator == null) {
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(R4),
                    new InMemoryTerminologyServerValidationSupport(R4), new CommonCodeSystemsTerminologyService(R4));
            FhirInstanceValidator instance = new FhirInstanceValidator(chain);
            validator = R4.newValidator();
            validator.registerValidatorModule(instance);
        }
        return validator;
    }

    /** Zero errors (or fatal errors) against the R4 base definitions; warnings and information are allowed. */
    public static void assertValid(IBaseResource resource) {
        List<SingleValidationMessage> errors = validator().validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        assertThat(errors).as(resource.getIdElement().getResourceType() + " " + R4.newJsonParser().encodeResourceToString(resource)
                .replaceAll("\"data\":\"[^\"]*\"", "\"data\":\"…\"")).isEmpty();
    }

    public static void assertValid(String json) {
        assertValid(R4.newJsonParser().parseResource(json));
    }
}
