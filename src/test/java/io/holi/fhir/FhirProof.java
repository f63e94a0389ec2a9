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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof's tools, written by others: HAPI's generic client, and its instance validator against the R4 base
 * definitions. One validator per JVM (building it reads every base StructureDefinition).
 */
public final class FhirProof {

    public static final FhirContext R4 = FhirContext.forR4Cached();

    private static FhirValidator validator;

    private static final String PROOF_BASE = "https://holi.invalid/fhir/";

    private static final Pattern ENTRY = Pattern.compile("^Bundle\\.entry\\[(\\d+)]");

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
        assertThat(errors).as(resource.getIdElement().getResourceType() + " " + shown(resource)).isEmpty();
    }

    /**
     * Each resource valid against the R4 base definitions, all of them checked in one pass: HAPI sets up a new
     * instance validator for every call (most of what one small resource costs), so an export's hundreds of lines
     * are validated as the entries of one collection Bundle. An error names the entry's resource.
     */
    public static void assertAllValid(List<? extends IBaseResource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (IBaseResource resource : resources) {
            // each entry's identity, against which its relative references (Patient/…) resolve
            bundle.addEntry().setFullUrl(PROOF_BASE + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                    .setResource((Resource) resource);
        }
        List<String> errors = validator().validateWithResult(bundle).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage() + entryOf(resources, m.getLocationString()))
                .toList();
        assertThat(errors).as("%d resources validated", resources.size()).isEmpty();
    }

    /** The resource an error's location ({@code Bundle.entry[12].resource…}) points at, without its attachments. */
    private static String entryOf(List<? extends IBaseResource> resources, String location) {
        Matcher entry = ENTRY.matcher(location == null ? "" : location);
        if (!entry.find()) {
            return "";
        }
        return " in " + shown(resources.get(Integer.parseInt(entry.group(1))));
    }

    /** The resource as JSON for a failure message, attachments' data left out. */
    private static String shown(IBaseResource resource) {
        return R4.newJsonParser().encodeResourceToString(resource).replaceAll("\"data\":\"[^\"]*\"", "\"data\":\"…\"");
    }

    public static void assertValid(String json) {
        assertValid(R4.newJsonParser().parseResource(json));
    }
}
