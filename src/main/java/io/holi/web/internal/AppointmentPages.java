package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.HoliException;
import io.holi.platform.Role;
import io.holi.scheduling.Appointment;
import io.holi.scheduling.AppointmentInput;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.Availability;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A patient's appointments: the list, booking with a slot picker, and moving one. A clash is not an error page: it
 * shows what the time clashes with and the clinician's next free slots, each one click away.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'STAFF', 'ADMIN')")
class AppointmentPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm");

    /** The booking form as typed. */
    record BookingForm(String clinicianId, String date, String time, String durationMinutes, String reason, String slot) {
        static BookingForm empty(LocalDate day) {
            return new BookingForm("", day.toString(), "", "30", "", null);
        }

        /** A free time picked from the clash's list wins over the time typed. */
        BookingForm withSlot() {
            if (slot == null || !slot.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
                return this;
            }
            return new BookingForm(clinicianId, slot.substring(0, 10), slot.substring(11), durationMinutes, reason, null);
        }
    }

    record Slot(String date, String time, String label) {
    }

    record Line(Appointment a, String when, String clinician, String status, String symbol) {
    }

    private final AppointmentService appointments;
    private final UserService users;
    private final ChartFrame chart;
    private final Forms forms;

    AppointmentPages(AppointmentService appointments, UserService users, ChartFrame chart, Forms forms) {
        this.appointments = appointments;
        this.users = users;
        this.chart = chart;
        this.forms = forms;
    }

    @GetMapping("/patients/{id}/appointments")
    String list(@PathVariable UUID id, Model model, HttpServletResponse response) {
        Optional<String> other = chart.open(id, "appointments", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        fill(id, BookingForm.empty(LocalDate.now(appointments.clinicZone())), model);
        return "web/chart-appointments";
    }

    @PostMapping("/patients/{id}/appointments")
    String book(@PathVariable UUID id, @ModelAttribute BookingForm form, Model model, HttpServletResponse response) {
        List<PageErrors.Item> errors = new ArrayList<>();
        Optional<AppointmentInput> input = input(form, errors);
        if (input.isPresent()) {
            try {
                appointments.book(id, input.get());
                return "redirect:/patients/" + id + "/appointments?booked";
            } catch (HoliException e) {
                if (e.kind() == HoliException.Kind.CONFLICT) {
                    clash(input.get().clinicianId(), input.get().startsAt(), input.get().durationMinutes(), Optional.empty(), model);
                    errors.add(new PageErrors.Item("time", e.getMessage() + ": choose one of the free times below."));
                } else if (e.kind() == HoliException.Kind.FORBIDDEN || e.kind() == HoliException.Kind.NOT_FOUND) {
                    return chart.refused(id, e, model, response);
                } else {
                    errors.addAll(Forms.of(e));
                }
            }
        }
        Optional<String> other = chart.open(id, "appointments", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        response.setStatus(errors.stream().anyMatch(x -> "time".equals(x.field()) && x.message().contains("already")) ? 409 : 400);
        model.addAttribute("errors", errors);
        fill(id, form, model);
        return "web/chart-appointments";
    }

    /** The slot picker: the clinician's free times on a day, for the length chosen (htmx fragment). */
    @GetMapping("/appointments/slots")
    String slots(@RequestParam(defaultValue = "") String clinicianId, @RequestParam(defaultValue = "") String date,
                 @RequestParam(defaultValue = "30") String durationMinutes, Model model) {
        List<Slot> free = new ArrayList<>();
        try {
            UUID clinician = UUID.fromString(clinicianId);
            LocalDate day = LocalDate.parse(date);
            int minutes = Integer.parseInt(durationMinutes);
            Instant from = day.atTime(AppointmentServiceHours.OPENS).atZone(appointments.clinicZone()).toInstant();
            Availability a = appointments.availability(clinician, from, Math.max(5, Math.min(480, minutes)), Optional.empty(), 48);
            a.nextFree().stream().map(t -> slot(t, appointments.clinicZone())).filter(s -> s.date().equals(day.toString())).forEach(free::add);
            model.addAttribute("asked", true);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            model.addAttribute("asked", false);
        }
        model.addAttribute("slots", free);
        return "web/slots :: slots";
    }

    @GetMapping("/patients/{id}/appointments/{appointmentId}/move")
    String moveForm(@PathVariable UUID id, @PathVariable UUID appointmentId, Model model, HttpServletResponse response) {
        Optional<String> other = chart.open(id, "appointments", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        Appointment a = appointments.forPatient(id).stream().filter(x -> x.id().equals(appointmentId)).findFirst()
                .orElseThrow(() -> HoliException.notFound("No such appointment for this patient"));
        ZoneId zone = appointments.clinicZone();
        model.addAttribute("appointment", a);
        model.addAttribute("form", new BookingForm(a.clinicianId().toString(), a.startsAt().atZone(zone).toLocalDate().toString(),
                a.startsAt().atZone(zone).toLocalTime().toString(), String.valueOf(a.durationMinutes()), "", null));
        model.addAttribute("clinicians", clinicians());
        return "web/appointment-move";
    }

    @PostMapping("/patients/{id}/appointments/{appointmentId}/move")
    String move(@PathVariable UUID id, @PathVariable UUID appointmentId, @ModelAttribute BookingForm form, Model model,
                HttpServletResponse response) {
        List<PageErrors.Item> errors = new ArrayList<>();
        Optional<AppointmentInput> input = input(form, errors);
        if (input.isPresent()) {
            try {
                appointments.reschedule(appointmentId, input.get().startsAt(), input.get().durationMinutes());
                return "redirect:/patients/" + id + "/appointments?moved";
            } catch (HoliException e) {
                if (e.kind() == HoliException.Kind.CONFLICT && e.getMessage().contains("already has")) {
                    clash(input.get().clinicianId(), input.get().startsAt(), input.get().durationMinutes(), Optional.of(appointmentId), model);
                    errors.add(new PageErrors.Item("time", e.getMessage() + ": choose one of the free times below."));
                } else {
                    errors.addAll(Forms.of(e));
                }
            }
        }
        Optional<String> other = chart.open(id, "appointments", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        response.setStatus(400);
        model.addAttribute("errors", errors);
        model.addAttribute("appointment", appointments.forPatient(id).stream().filter(x -> x.id().equals(appointmentId)).findFirst().orElseThrow());
        model.addAttribute("form", form);
        model.addAttribute("clinicians", clinicians());
        return "web/appointment-move";
    }

    private void clash(UUID clinician, Instant startsAt, int minutes, Optional<UUID> except, Model model) {
        ZoneId zone = appointments.clinicZone();
        Availability a = appointments.availability(clinician, startsAt, minutes, except, 5);
        model.addAttribute("clashes", a.clashes().stream().map(b -> SchedulePages.TIME.format(b.from().atZone(zone)) + "–"
                + SchedulePages.TIME.format(b.to().atZone(zone))).toList());
        model.addAttribute("freeSlots", a.nextFree().stream().map(t -> slot(t, zone)).toList());
    }

    private Optional<AppointmentInput> input(BookingForm typed, List<PageErrors.Item> errors) {
        BookingForm form = typed.withSlot();
        UUID clinician = null;
        try {
            clinician = UUID.fromString(form.clinicianId());
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(Forms.item("clinicianId", "is required: choose a clinician"));
        }
        LocalDate day = null;
        try {
            day = LocalDate.parse(form.date());
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(Forms.item("date", "must be a date (YYYY-MM-DD)"));
        }
        LocalTime time = null;
        try {
            time = LocalTime.parse(form.time());
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(new PageErrors.Item("time", "Time must be a time of day (HH:MM), or choose a free time"));
        }
        Integer minutes = null;
        try {
            minutes = Integer.valueOf(form.durationMinutes());
        } catch (NumberFormatException e) {
            errors.add(Forms.item("durationMinutes", "must be a number of minutes"));
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        AppointmentInput input = new AppointmentInput(day.atTime(time).atZone(appointments.clinicZone()).toInstant(), minutes, clinician,
                form.reason() == null || form.reason().isBlank() ? null : form.reason().strip());
        errors.addAll(forms.check(input));
        return errors.isEmpty() ? Optional.of(input) : Optional.empty();
    }

    private void fill(UUID id, BookingForm form, Model model) {
        ZoneId zone = appointments.clinicZone();
        var names = clinicians();
        model.addAttribute("appointments", appointments.forPatient(id).stream()
                .sorted((x, y) -> y.startsAt().compareTo(x.startsAt()))
                .map(a -> new Line(a, WHEN.format(a.startsAt().atZone(zone)),
                        names.stream().filter(u -> u.id().equals(a.clinicianId())).map(UserAccount::name).findFirst().orElse("clinician"),
                        SchedulePages.label(a.status()), SchedulePages.symbol(a.status())))
                .toList());
        model.addAttribute("form", form);
        model.addAttribute("clinicians", names);
    }

    private List<UserAccount> clinicians() {
        return users.list().stream().filter(u -> u.role() == Role.CLINICIAN && u.active()).toList();
    }

    private static Slot slot(Instant t, ZoneId zone) {
        var z = t.atZone(zone);
        return new Slot(z.toLocalDate().toString(), z.toLocalTime().toString(), WHEN.format(z));
    }

    /** Opening hours as the service offers slots within them. */
    static final class AppointmentServiceHours {
        static final LocalTime OPENS = LocalTime.of(8, 0);

        private AppointmentServiceHours() {
        }
    }
}
