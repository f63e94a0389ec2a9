package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.holi.scheduling.AppointmentInput;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Appointment: read; search by patient (with date, practitioner and status narrowing it); create (booked) and
 * update (status, or a new time). A clash with the clinician's other appointments is 409.
 */
final class AppointmentProvider implements IResourceProvider {

    private final AppointmentService appointments;
    private final FhirRequests requests;

    AppointmentProvider(AppointmentService appointments, FhirRequests requests) {
        this.appointments = appointments;
        this.requests = requests;
    }

    @Override
    public Class<Appointment> getResourceType() {
        return Appointment.class;
    }

    @Read
    public Appointment read(@IdParam IdType id, RequestDetails request) {
        UUID appointmentId = Ids.of(id);
        appointments.patientOf(appointmentId).ifPresent(p -> requests.requirePatientInContext(request, p, "Appointment"));
        return FhirMapping.appointment(appointments.get(appointmentId));
    }

    @Search
    public List<Appointment> search(@RequiredParam(name = Appointment.SP_PATIENT) ReferenceParam patient,
                                    @OptionalParam(name = Appointment.SP_DATE) DateRangeParam date,
                                    @OptionalParam(name = Appointment.SP_PRACTITIONER) ReferenceParam practitioner,
                                    @OptionalParam(name = Appointment.SP_STATUS) TokenOrListParam status,
                                    RequestDetails request) {
        UUID patientId = Ids.of(patient, "Patient", "patient");
        requests.requirePatientInContext(request, patientId, "Appointment");
        Optional<UUID> clinician = Optional.ofNullable(practitioner).map(p -> Ids.of(p, "Practitioner", "practitioner"));
        Set<String> statuses = Ids.codes(status);
        return appointments.forPatient(patientId).stream()
                .filter(a -> clinician.map(c -> c.equals(a.clinicianId())).orElse(true))
                .filter(a -> statuses.isEmpty() || statuses.contains(FhirMapping.status(a.status()).toCode()))
                .filter(a -> date == null || within(date, a.startsAt()))
                .map(FhirMapping::appointment).toList();
    }

    private static boolean within(DateRangeParam range, Instant at) {
        Date from = range.getLowerBoundAsInstant();
        Date to = range.getUpperBoundAsInstant();
        return (from == null || !at.isBefore(from.toInstant())) && (to == null || !at.isAfter(to.toInstant()));
    }

    @Create
    public MethodOutcome create(@ResourceParam Appointment resource, RequestDetails request) {
        if (resource.hasStatus() && resource.getStatus() != Appointment.AppointmentStatus.BOOKED) {
            throw new UnprocessableEntityException("status: holi books appointments as booked; change the status afterwards");
        }
        UUID patientId = null;
        UUID clinicianId = null;
        for (var participant : resource.getParticipant()) {
            Reference actor = participant.getActor();
            String ref = actor.getReference();
            if (ref != null && ref.startsWith("Patient/")) {
                patientId = Ids.ofReference(ref, "Patient", "participant.actor");
            } else if (ref != null && ref.startsWith("Practitioner/")) {
                clinicianId = Ids.ofReference(ref, "Practitioner", "participant.actor");
            }
        }
        if (patientId == null || clinicianId == null) {
            throw new UnprocessableEntityException("participant: name one Patient/<id> and one Practitioner/<id>");
        }
        requests.requirePatientInContext(request, patientId, "Appointment");
        if (!resource.hasStart()) {
            throw new UnprocessableEntityException("start: is required");
        }
        Instant start = resource.getStart().toInstant();
        int minutes = minutes(resource, start);
        var booked = appointments.book(patientId, new AppointmentInput(start, minutes, clinicianId,
                resource.hasDescription() ? resource.getDescription() : null));
        return new MethodOutcome(new IdType("Appointment", booked.id().toString()), true)
                .setResource(FhirMapping.appointment(booked));
    }

    /** A status change and a move of time are what holi's appointments can undergo; anything else is refused. */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Appointment resource, RequestDetails request) {
        UUID appointmentId = Ids.of(id);
        appointments.patientOf(appointmentId).ifPresent(p -> requests.requirePatientInContext(request, p, "Appointment"));
        var current = appointments.get(appointmentId);
        if (resource.hasIdElement() && resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("The resource's id differs from the URL's");
        }
        var result = current;
        if (resource.hasStart()) {
            Instant start = resource.getStart().toInstant();
            int minutes = minutes(resource, start);
            if (!start.equals(current.startsAt()) || minutes != current.durationMinutes()) {
                result = appointments.reschedule(appointmentId, start, minutes);
            }
        }
        if (resource.hasStatus()) {
            AppointmentStatus wanted = FhirMapping.status(resource.getStatus()).orElseThrow(() -> new UnprocessableEntityException(
                    "status: holi keeps booked, checked-in, fulfilled, cancelled and noshow"));
            if (wanted != result.status()) {
                result = appointments.changeStatus(appointmentId, wanted);
            }
        }
        return new MethodOutcome(new IdType("Appointment", appointmentId.toString()), false).setResource(FhirMapping.appointment(result));
    }

    private static int minutes(Appointment resource, Instant start) {
        if (resource.hasMinutesDuration()) {
            return resource.getMinutesDuration();
        }
        if (resource.hasEnd()) {
            return (int) Duration.between(start, resource.getEnd().toInstant()).toMinutes();
        }
        throw new UnprocessableEntityException("end or minutesDuration: one is required");
    }
}
