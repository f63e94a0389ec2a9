package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import io.holi.prescribing.PrescriptionService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Prescriptions as MedicationRequest: read, and search by patient (and status). Clinical: clinicians and administrators. */
final class MedicationRequestProvider implements IResourceProvider {

    private final PrescriptionService prescriptions;
    private final FhirRequests requests;

    MedicationRequestProvider(PrescriptionService prescriptions, FhirRequests requests) {
        this.prescriptions = prescriptions;
        this.requests = requests;
    }

    @Override
    public Class<MedicationRequest> getResourceType() {
        return MedicationRequest.class;
    }

    @Read
    public MedicationRequest read(@IdParam IdType id, RequestDetails request) {
        UUID prescriptionId = Ids.of(id);
        prescriptions.patientOf(prescriptionId).ifPresent(p -> requests.requirePatientInContext(request, p, "Prescription"));
        return FhirMapping.medicationRequest(prescriptions.get(prescriptionId));
    }

    @Search
    public List<MedicationRequest> search(@RequiredParam(name = MedicationRequest.SP_PATIENT) ReferenceParam patient,
                                          @OptionalParam(name = MedicationRequest.SP_STATUS) TokenOrListParam status,
                                          RequestDetails request) {
        UUID patientId = Ids.of(patient, "Patient", "patient");
        requests.requirePatientInContext(request, patientId, "Prescription");
        Set<String> statuses = Ids.codes(status);
        return prescriptions.forPatient(patientId).stream().map(FhirMapping::medicationRequest)
                .filter(m -> statuses.isEmpty() || statuses.contains(m.getStatus().toCode())).toList();
    }
}
