package io.holi.health.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditTrail;
import io.holi.patients.PatientService;
import io.holi.platform.HoliProperties;
import io.holi.prescribing.PrescriptionService;
import io.holi.scheduling.AppointmentService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The manual's business numbers (active patients, today's appointments and prescriptions, failed sign-ins and
 * audit writes in the last hour), computed every 30 s and exported as gauges. Counts only, never PHI. Every
 * instance reports the same values: dashboards take max(), not sum().
 */
@Component
class BusinessMetrics {

    private static final Logger log = LoggerFactory.getLogger(BusinessMetrics.class);

    record Snapshot(long patientsActive, long appointmentsToday, long prescriptionsToday, long failedAuthLastHour,
                    long auditWritesLastHour, Instant takenAt) {
    }

    private final PatientService patients;
    private final AppointmentService appointments;
    private final PrescriptionService prescriptions;
    private final AuditTrail audit;
    private final ZoneId zone;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    BusinessMetrics(PatientService patients, AppointmentService appointments, PrescriptionService prescriptions,
                    AuditTrail audit, HoliProperties holi, MeterRegistry meters) {
        this.patients = patients;
        this.appointments = appointments;
        this.prescriptions = prescriptions;
        this.audit = audit;
        this.zone = holi.clinic().timeZone();
        gauge(meters, "holi_patients_active", "Patients registered and not removed", s -> s.patientsActive);
        gauge(meters, "holi_appointments_today", "Appointments today (clinic time zone), cancelled ones left out", s -> s.appointmentsToday);
        gauge(meters, "holi_prescriptions_today", "Prescriptions written today (clinic time zone)", s -> s.prescriptionsToday);
        gauge(meters, "holi_failed_auth_last_hour", "Failed sign-ins in the last hour", s -> s.failedAuthLastHour);
        gauge(meters, "holi_audit_writes_last_hour", "Audit records written in the last hour (from the record ids: ids of rolled-back attempts count too)", s -> s.auditWritesLastHour);
    }

    private void gauge(MeterRegistry meters, String name, String description, java.util.function.ToLongFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> {
            Snapshot s = m.last.get();
            return s == null ? Double.NaN : value.applyAsLong(s);
        }).description(description).register(meters);
    }

    /** First at start (only where the scheduler runs: holi serve), then every 30 s. */
    @Scheduled(fixedDelayString = "${holi.health.metrics-refresh:30s}", initialDelayString = "0s")
    void refresh() {
        try {
            last.set(compute());
        } catch (RuntimeException e) {
            log.warn("Business metrics could not be computed: {}", e.getClass().getSimpleName());
        }
    }

    /** The last numbers computed, without touching the database (all zero before the first computation). */
    Snapshot last() {
        Snapshot s = last.get();
        return s != null ? s : new Snapshot(0, 0, 0, 0, 0, Instant.EPOCH);
    }

    /** The latest numbers, recomputed when older than {@code maxAge}. */
    Snapshot current(java.time.Duration maxAge) {
        Snapshot s = last.get();
        if (s == null || maxAge.isZero() || maxAge.isNegative() || s.takenAt().isBefore(Instant.now().minus(maxAge))) {
            s = compute();
            last.set(s);
        }
        return s;
    }

    private Snapshot compute() {
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(zone);
        Instant hourAgo = now.minus(1, ChronoUnit.HOURS);
        return new Snapshot(patients.countActive(), appointments.countOn(today),
                prescriptions.countCreatedSince(today.atStartOfDay(zone).toInstant()),
                audit.countSince(Optional.of(AuditAction.LOGIN_FAILED), hourAgo),
                audit.countSince(Optional.empty(), hourAgo), now);
    }
}
