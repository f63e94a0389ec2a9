package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.holi.patients.PatientService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Patient: read, and search among the patients the caller holds a grant for (audited as SEARCH with each id returned). */
final class PatientProvider implements IResourceProvider {

    static final int MAX_COUNT = 100;

    private final PatientService patients;
    private final FhirRequests requests;
    private final BulkExports exports;

    PatientProvider(PatientService patients, FhirRequests requests, BulkExports exports) {
        this.patients = patients;
        this.requests = requests;
        this.exports = exports;
    }

    /** Bulk Data: every patient the caller may export (those they hold a grant for), asynchronously. */
    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void export(@OperationParam(name = "_type") StringType type, @OperationParam(name = "_since") StringType since,
                       @OperationParam(name = "_outputFormat") StringType outputFormat, ServletRequestDetails request) {
        ExportKickOff.accept(exports, "Patient", Optional.empty(), type, since, outputFormat, request);
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id, RequestDetails request) {
        UUID patientId = Ids.of(id);
        requests.requirePatientInContext(request, patientId, "Patient");
        return FhirMapping.patient(patients.get(patientId));
    }

    /**
     * By name (a fragment of either name), identifier (the MRN, {@code urn:holi:mrn|…}), birthdate (a day) or
     * {@code _id}; one of name and identifier at a time (holi's search takes one query).
     */
    @Search
    public List<Patient> search(@OptionalParam(name = Patient.SP_RES_ID) TokenParam id,
                                @OptionalParam(name = Patient.SP_NAME) StringParam name,
                                @OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
                                @OptionalParam(name = Patient.SP_BIRTHDATE) DateParam birthdate,
                                @Count Integer count, RequestDetails request) {
        Optional<UUID> context = FhirRequests.patientContext(request);
        if (id != null || context.isPresent()) {
            UUID wanted = id != null ? Ids.of(new IdType("Patient", id.getValue())) : context.get();
            requests.requirePatientInContext(request, wanted, "Patient");
            return List.of(FhirMapping.patient(patients.get(wanted)));
        }
        if (name != null && identifier != null) {
            throw new InvalidRequestException("Search by name or by identifier, not both at once");
        }
        Optional<String> query = Optional.empty();
        if (name != null) {
            query = Optional.of(name.getValue());
        } else if (identifier != null) {
            if (identifier.getSystem() != null && !identifier.getSystem().equals(FhirMapping.MRN_SYSTEM)) {
                throw new InvalidRequestException("identifier: holi searches medical record numbers (" + FhirMapping.MRN_SYSTEM + "|<MRN>)");
            }
            query = Optional.of(identifier.getValue());
        }
        Optional<LocalDate> born = Optional.empty();
        if (birthdate != null) {
            if (birthdate.getPrefix() != null && birthdate.getPrefix() != ParamPrefixEnum.EQUAL) {
                throw new InvalidRequestException("birthdate: holi searches one day (birthdate=YYYY-MM-DD)");
            }
            String day = birthdate.getValueAsString();
            if (day == null || day.length() != 10) {
                throw new InvalidRequestException("birthdate: holi searches one day (birthdate=YYYY-MM-DD)");
            }
            born = Optional.of(LocalDate.parse(day));
        }
        int size = count == null ? 20 : Math.max(1, Math.min(MAX_COUNT, count));
        return patients.search(query, born, 0, size).items().stream().map(FhirMapping::patient).toList();
    }
}
