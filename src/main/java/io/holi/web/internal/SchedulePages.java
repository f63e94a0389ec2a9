package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.Role;
import io.holi.scheduling.AppointmentService;
import io.holi.scheduling.AppointmentStatus;
import io.holi.scheduling.ScheduleEntry;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The day's schedule: a clinician's own, or the whole clinic's for the front desk (by clinician), by day or by week;
 * the front desk's check-in flow (scheduled → checked in → completed, or no-show / cancelled). Patients the caller may
 * not see stay as busy time.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'STAFF')")
class SchedulePages {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    record Action(AppointmentStatus status, String label) {
    }

    record Row(UUID id, String time, String until, AppointmentStatus status, String statusLabel, String symbol,
               UUID patientId, String patient, List<Action> next) {
    }

    record Column(String title, List<Row> rows) {
    }

    private final AppointmentService appointments;
    private final UserService users;

    SchedulePages(AppointmentService appointments, UserService users) {
        this.appointments = appointments;
        this.users = users;
    }

    @GetMapping("/schedule")
    String schedule(@RequestParam(required = false) String date, @RequestParam(defaultValue = "day") String view, Model model) {
        ZoneId zone = appointments.clinicZone();
        LocalDate day = parse(date).orElse(LocalDate.now(zone));
        boolean week = "week".equals(view);
        Map<UUID, String> clinicians = new LinkedHashMap<>();
        for (UserAccount u : users.list()) {
            if (u.role() == Role.CLINICIAN && u.active()) {
                clinicians.put(u.id(), u.name());
            }
        }
        List<Column> columns = new ArrayList<>();
        if (week) {
            LocalDate monday = day.with(DayOfWeek.MONDAY);
            for (int i = 0; i < 7; i++) {
                LocalDate d = monday.plusDays(i);
                columns.add(new Column(d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " " + d,
                        rows(appointments.schedule(d), zone, clinicians, true)));
            }
        } else {
            List<ScheduleEntry> entries = appointments.schedule(day);
            if (Caller.require().role() == Role.STAFF) {
                Map<UUID, List<ScheduleEntry>> byClinician = new LinkedHashMap<>();
                clinicians.keySet().forEach(id -> byClinician.put(id, new ArrayList<>()));
                entries.forEach(e -> byClinician.computeIfAbsent(e.clinicianId(), k -> new ArrayList<>()).add(e));
                byClinician.forEach((id, list) -> columns.add(new Column(clinicians.getOrDefault(id, "Clinician"), rows(list, zone, clinicians, false))));
            } else {
                columns.add(new Column("Your appointments", rows(entries, zone, clinicians, false)));
            }
        }
        model.addAttribute("day", day);
        model.addAttribute("today", LocalDate.now(zone));
        model.addAttribute("view", week ? "week" : "day");
        model.addAttribute("previous", week ? day.minusWeeks(1) : day.minusDays(1));
        model.addAttribute("next", week ? day.plusWeeks(1) : day.plusDays(1));
        model.addAttribute("columns", columns);
        model.addAttribute("front", Caller.require().role() == Role.STAFF);
        return "web/schedule";
    }

    /** A check-in step from the schedule; back to the same day. */
    @PostMapping("/appointments/{id}/status")
    @PreAuthorize("hasAnyRole('CLINICIAN', 'STAFF', 'ADMIN')")
    String status(@PathVariable UUID id, @RequestParam AppointmentStatus status, @RequestParam(defaultValue = "/schedule") String back) {
        appointments.changeStatus(id, status);
        return "redirect:" + (back.matches("/[A-Za-z0-9/_?=&.-]*") && !back.startsWith("//") ? back : "/schedule");
    }

    static List<Row> rows(List<ScheduleEntry> entries, ZoneId zone, Map<UUID, String> clinicians, boolean withClinician) {
        return entries.stream().map(e -> {
            String who = e.patient() == null ? "Busy (a patient you have no access to)"
                    : e.patient().lastName() + ", " + e.patient().firstName();
            if (withClinician) {
                who = who + " — " + clinicians.getOrDefault(e.clinicianId(), "clinician");
            }
            return new Row(e.id(), TIME.format(e.startsAt().atZone(zone)),
                    TIME.format(e.startsAt().plusSeconds(60L * e.durationMinutes()).atZone(zone)), e.status(), label(e.status()),
                    symbol(e.status()), e.patientId(), who, e.patient() == null ? List.of() : order(e.status().next()));
        }).toList();
    }

    static List<Action> order(java.util.Set<AppointmentStatus> next) {
        return java.util.Arrays.stream(AppointmentStatus.values()).filter(next::contains).map(s -> new Action(s, action(s))).toList();
    }

    static String label(AppointmentStatus s) {
        return switch (s) {
            case SCHEDULED -> "Scheduled";
            case CHECKED_IN -> "Arrived";
            case COMPLETED -> "Completed";
            case CANCELLED -> "Cancelled";
            case NO_SHOW -> "No-show";
        };
    }

    /** Status never by colour alone: a symbol and a word. */
    static String symbol(AppointmentStatus s) {
        return switch (s) {
            case SCHEDULED -> "○";
            case CHECKED_IN -> "●";
            case COMPLETED -> "✓";
            case CANCELLED -> "✕";
            case NO_SHOW -> "!";
        };
    }

    static String action(AppointmentStatus to) {
        return switch (to) {
            case SCHEDULED -> "Restore";
            case CHECKED_IN -> "Check in";
            case COMPLETED -> "Complete";
            case CANCELLED -> "Cancel";
            case NO_SHOW -> "No-show";
        };
    }

    static java.util.Optional<LocalDate> parse(String date) {
        try {
            return date == null || date.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(LocalDate.parse(date));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }
}
