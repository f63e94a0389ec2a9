package io.holi.scheduling;

import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.patients.PatientService;
import io.holi.patients.PatientSummary;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.scheduling.internal.AppointmentRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Appointments: booked per patient behind the PHI gate; one clinician is never double-booked. */
@Service
public class AppointmentService {

    private final AppointmentRepository repository;
    private final PhiGate gate;
    private final UserService users;
    private final PatientService patients;
    private final AuditTrail audit;
    private final ZoneId clinicZone;
    private final ApplicationEventPublisher events;

    AppointmentService(AppointmentRepository repository, PhiGate gate, UserService users, PatientService patients,
                       AuditTrail audit, HoliProperties properties, ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.gate = gate;
        this.users = users;
        this.patients = patients;
        this.audit = audit;
        this.clinicZone = properties.clinic().timeZone();
    }

    @Transactional
    public Appointment book(UUID patientId, AppointmentInput input) {
        gate.require(Caller.require(), patientId, Purpose.WRITE_APPOINTMENTS, "Appointment");
        UserAccount clinician = users.find(input.clinicianId())
                .filter(u -> u.active() && u.role() == Role.CLINICIAN)
                .orElseThrow(() -> HoliException.invalid("clinicianId", "must be the id of an active clinician"));
        Instant now = Instant.now();
        if (input.startsAt().isBefore(now.minus(365, ChronoUnit.DAYS)) || input.startsAt().isAfter(now.plus(5 * 365, ChronoUnit.DAYS))) {
            throw HoliException.invalid("startsAt", "must be within a year in the past and five years ahead");
        }
        UUID id = UUID.randomUUID();
        try {
            repository.insert(id, patientId, clinician.id(), input, Caller.require().id());
        } catch (DataIntegrityViolationException e) {
            throw overlap(e);
        }
        audit.record(AuditEvent.of(AuditAction.CREATE).resource("Appointment", id).patient(patientId).build());
        return changed(id);
    }

    /** One appointment, by its id (needs the gate's READ_APPOINTMENTS for its patient); audited as READ. */
    public Appointment get(UUID appointmentId) {
        Appointment a = repository.find(appointmentId).orElseThrow(() -> HoliException.notFound("No appointment with id " + appointmentId));
        gate.checkRecord(Caller.require(), a.patientId(), Purpose.READ_APPOINTMENTS, "Appointment",
                () -> HoliException.notFound("No appointment with id " + appointmentId));
        audit.record(AuditEvent.of(AuditAction.READ).resource("Appointment", appointmentId).patient(a.patientId()).build());
        return a;
    }

    /** Whose appointment this is (an identifier, not the record): for callers that must check a patient first. */
    public Optional<UUID> patientOf(UUID appointmentId) {
        return repository.patientOf(appointmentId);
    }

    public List<Appointment> forPatient(UUID patientId) {
        gate.require(Caller.require(), patientId, Purpose.READ_APPOINTMENTS, "Appointment");
        List<Appointment> list = repository.forPatient(patientId);
        audit.record(AuditEvent.of(AuditAction.READ).resource("Appointment").patient(patientId)
                .detail("returned", list.size()).build());
        return list;
    }

    @Transactional
    public Appointment changeStatus(UUID appointmentId, AppointmentStatus status) {
        Appointment a = repository.findForUpdate(appointmentId)
                .orElseThrow(() -> HoliException.notFound("No appointment with id " + appointmentId));
        gate.checkRecord(Caller.require(), a.patientId(), Purpose.WRITE_APPOINTMENTS, "Appointment",
                () -> HoliException.notFound("No appointment with id " + appointmentId));
        if (a.status() == status) {
            // nothing changes, but the answer carries the appointment (its reason is PHI): a read, recorded as one
            audit.record(AuditEvent.of(AuditAction.READ).resource("Appointment", appointmentId).patient(a.patientId())
                    .detail("status", "unchanged").build());
            return a;
        }
        if (!a.status().next().contains(status)) {
            throw HoliException.conflict("An appointment that is " + a.status() + " cannot become " + status
                    + (a.status().next().isEmpty() ? "" : "; it can become " + a.status().next()));
        }
        try {
            repository.changeStatus(appointmentId, status);
        } catch (DataIntegrityViolationException e) {
            throw overlap(e);
        }
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("Appointment", appointmentId).patient(a.patientId())
                .detail("from", a.status().name()).detail("to", status.name()).build());
        return changed(appointmentId);
    }

    /**
     * Moves a scheduled appointment to another time (same clinician). A clash with the clinician's other appointments
     * is refused like a double booking.
     */
    @Transactional
    public Appointment reschedule(UUID appointmentId, Instant startsAt, int durationMinutes) {
        Appointment a = repository.findForUpdate(appointmentId)
                .orElseThrow(() -> HoliException.notFound("No appointment with id " + appointmentId));
        gate.checkRecord(Caller.require(), a.patientId(), Purpose.WRITE_APPOINTMENTS, "Appointment",
                () -> HoliException.notFound("No appointment with id " + appointmentId));
        if (a.status() != AppointmentStatus.SCHEDULED) {
            throw HoliException.conflict("Only a scheduled appointment can be moved; this one is " + a.status());
        }
        if (durationMinutes < 5 || durationMinutes > 480) {
            throw HoliException.invalid("durationMinutes", "must be between 5 and 480");
        }
        try {
            repository.reschedule(appointmentId, startsAt, durationMinutes);
        } catch (DataIntegrityViolationException e) {
            throw overlap(e);
        }
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("Appointment", appointmentId).patient(a.patientId())
                .detail("from", a.startsAt().toString()).detail("to", startsAt.truncatedTo(ChronoUnit.SECONDS).toString()).build());
        return changed(appointmentId);
    }

    /** The appointment as it now is, announced to the modules that hang on its time (in this transaction). */
    private Appointment changed(UUID id) {
        Appointment a = repository.find(id).orElseThrow();
        events.publishEvent(new AppointmentChanged(a.id(), a.patientId(), a.startsAt(), a.status()));
        return a;
    }

    /** An appointment's time and status, without its reason: for reminders, which send no PHI. */
    public Optional<AppointmentChanged> timeAndStatus(UUID appointmentId) {
        return repository.timeAndStatus(appointmentId);
    }

    /**
     * The patient cancels through the link of a reminder (the link was the proof): a scheduled appointment becomes
     * cancelled, audited with the patient's link as the actor. False when it was no longer scheduled.
     */
    @Transactional
    public boolean cancelByPatient(UUID appointmentId) {
        Appointment a = repository.findForUpdate(appointmentId).orElse(null);
        if (a == null || a.status() != AppointmentStatus.SCHEDULED) {
            return false;
        }
        repository.changeStatus(appointmentId, AppointmentStatus.CANCELLED);
        audit.record(AuditEvent.of(AuditAction.UPDATE).actor(null, "patient:reminder-link", "PATIENT")
                .resource("Appointment", appointmentId).patient(a.patientId())
                .detail("from", a.status().name()).detail("to", AppointmentStatus.CANCELLED.name()).detail("via", "reminder link").build());
        changed(appointmentId);
        return true;
    }

    /**
     * What a booking at {@code startsAt} clashes with, and the clinician's next {@code slots} free slots of that length
     * within opening hours: times only, never a patient, so the front desk can offer another time at once.
     */
    public Availability availability(UUID clinicianId, Instant startsAt, int durationMinutes, Optional<UUID> except, int slots) {
        Instant end = startsAt.plus(durationMinutes, ChronoUnit.MINUTES);
        List<Instant[]> clashes = repository.busy(clinicianId, startsAt, end, except.orElse(null));
        List<Instant> free = new java.util.ArrayList<>();
        java.time.ZonedDateTime t = startsAt.atZone(clinicZone);
        int minute = t.getMinute();
        t = t.withMinute(minute - minute % SLOT_MINUTES).withSecond(0).withNano(0);
        java.time.ZonedDateTime horizon = t.plusDays(14);
        List<Instant[]> busy = repository.busy(clinicianId, t.toInstant(), horizon.toInstant(), except.orElse(null));
        while (free.size() < slots && t.isBefore(horizon)) {
            java.time.LocalTime time = t.toLocalTime();
            Instant s = t.toInstant();
            Instant e = s.plus(durationMinutes, ChronoUnit.MINUTES);
            boolean open = !time.isBefore(OPENS) && !e.atZone(clinicZone).toLocalTime().isAfter(CLOSES)
                    && e.atZone(clinicZone).toLocalDate().equals(t.toLocalDate())
                    && t.getDayOfWeek().getValue() <= 5 && s.isAfter(Instant.now());
            if (open && busy.stream().noneMatch(b -> b[0].isBefore(e) && b[1].isAfter(s))) {
                free.add(s);
            }
            t = t.plusMinutes(SLOT_MINUTES);
        }
        return new Availability(clashes.stream().map(c -> new Availability.Busy(c[0], c[1])).toList(), free);
    }

    /** The clinic's time zone: what "today" means for schedules. */
    public ZoneId clinicZone() {
        return clinicZone;
    }

    /** Slots are offered on the quarter hour, Monday to Friday, 08:00 to 18:00 clinic time. */
    static final int SLOT_MINUTES = 15;
    static final java.time.LocalTime OPENS = java.time.LocalTime.of(8, 0);
    static final java.time.LocalTime CLOSES = java.time.LocalTime.of(18, 0);

    /**
     * A day's schedule in the clinic's time zone: a clinician's own, or the clinic's for the front desk. The patient
     * (id and name) appears only where the caller may see it; each disclosed patient is audited as a READ of that
     * patient. The others stay as busy slots without a patient.
     */
    public List<ScheduleEntry> schedule(LocalDate date) {
        Caller caller = Caller.require();
        if (!caller.hasRole(Role.CLINICIAN) && !caller.hasRole(Role.STAFF)) {
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("schedules are for clinicians and front-desk staff")
                    .resource("Appointment").build());
            throw HoliException.forbidden("Schedules are for clinicians and front-desk staff");
        }
        Instant from = date.atStartOfDay(clinicZone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(clinicZone).toInstant();
        List<Appointment> day = caller.hasRole(Role.CLINICIAN) ? repository.forClinician(caller.id(), from, to)
                : repository.between(from, to);
        Set<UUID> visible = gate.readableDemographics(caller, day.stream().map(Appointment::patientId).distinct().toList());
        Map<UUID, PatientSummary> names = patients.summaries(visible);
        for (UUID patientId : names.keySet()) {
            audit.record(AuditEvent.of(AuditAction.READ).resource("Appointment").patient(patientId)
                    .detail("view", "schedule").detail("date", date.toString()).build());
        }
        // a slot whose patient the caller may not see stays on the schedule as busy time, without the patient
        return day.stream().map(a -> new ScheduleEntry(a.id(), a.startsAt(), a.durationMinutes(), a.status(),
                a.clinicianId(), names.containsKey(a.patientId()) ? a.patientId() : null, names.get(a.patientId()))).toList();
    }

    /** Appointments on a day (clinic time zone), cancelled ones left out: a business metric, no PHI. */
    public long countOn(LocalDate date) {
        return repository.countBetween(date.atStartOfDay(clinicZone).toInstant(), date.plusDays(1).atStartOfDay(clinicZone).toInstant());
    }

    /** For a chart export: the caller has passed the gate for EXPORT and records it. */
    public List<Appointment> forExport(UUID patientId) {
        return repository.forPatient(patientId);
    }

    private static HoliException overlap(DataIntegrityViolationException e) {
        if (String.valueOf(e.getMessage()).contains("appointments_no_overlap")) {
            return HoliException.conflict("The clinician already has an appointment at that time");
        }
        throw e;
    }
}
