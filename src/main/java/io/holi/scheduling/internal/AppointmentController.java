package io.holi.scheduling.internal;

import io.holi.scheduling.Appointment;
import io.holi.scheduling.AppointmentInput;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import io.holi.scheduling.ScheduleEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Scheduling")
class AppointmentController {

    record StatusChange(@NotNull(message = "is required (SCHEDULED, CHECKED_IN, COMPLETED, CANCELLED or NO_SHOW)") AppointmentStatus status) {
    }

    record Items<T>(List<T> items) {
    }

    private final AppointmentService appointments;

    AppointmentController(AppointmentService appointments) {
        this.appointments = appointments;
    }

    @PostMapping("/api/patients/{id}/appointments")
    @Operation(summary = "Book an appointment; 409 when the clinician is already booked at that time.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Appointment> book(@PathVariable UUID id, @Valid @RequestBody AppointmentInput input) {
        return ResponseEntity.status(HttpStatus.CREATED).body(appointments.book(id, input));
    }

    @GetMapping("/api/patients/{id}/appointments")
    @Operation(summary = "A patient's appointments.")
    Items<Appointment> list(@PathVariable UUID id) {
        return new Items<>(appointments.forPatient(id));
    }

    @PatchMapping("/api/appointments/{id}")
    @Operation(summary = "Move an appointment along: SCHEDULED → CHECKED_IN → COMPLETED, or CANCELLED / NO_SHOW.")
    Appointment changeStatus(@PathVariable UUID id, @Valid @RequestBody StatusChange change) {
        return appointments.changeStatus(id, change.status());
    }

    @GetMapping("/api/appointments")
    @Operation(summary = "A day's schedule (clinic time zone): a clinician's own, the clinic's for front-desk staff.")
    Items<ScheduleEntry> schedule(@RequestParam LocalDate date) {
        return new Items<>(appointments.schedule(date));
    }
}
