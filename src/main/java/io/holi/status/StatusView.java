package io.holi.status;

import io.holi.platform.ClinicTime;
import io.holi.status.StatusIncidents.PublicIncident;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything the status page shows at one moment, as the renderer and the command line read it. Nothing in it
 * names a patient or a user: components, states, uptime, public incident text and maintenance windows.
 */
public record StatusView(String clinic, Instant updatedAt, ZoneId zone, String indicator, String description, double sloPercent,
                         String publicUrl, List<Group> groups, List<PublicIncident> activeIncidents, List<PublicIncident> pastIncidents,
                         List<MaintenanceWindows.Window> maintenances) {

    public record Group(StatusComponent.Group group, List<Component> components) {
    }

    /**
     * @param days        the uptime bars, oldest first
     * @param uptime      over the days shown, e.g. "99.95 %"
     * @param monthUptime this calendar month (in the clinic's zone)
     * @param sloMet      whether this month's uptime meets the objective
     */
    public record Component(StatusComponent component, ComponentState state, List<Day> days, String uptime, String monthUptime,
                            boolean sloMet) {
    }

    /** One bar: the day, its gravest state, its uptime and the words a screen reader and a tooltip give. */
    public record Day(LocalDate day, ComponentState state, boolean hasData, String uptime, String label) {
    }

    /** "2026-12-02 05:30 UTC (06:30 Europe/Berlin)": both, since readers sit in the clinic and engineers anywhere. */
    public String when(Instant t) {
        return ClinicTime.describe(t, zone);
    }

    public boolean allOperational() {
        return "none".equals(indicator);
    }

    public List<MaintenanceWindows.Window> maintenancesIn(MaintenanceWindows.Status status) {
        return maintenances.stream().filter(w -> w.status() == status).toList();
    }
}
