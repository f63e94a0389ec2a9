package io.holi.cli;

import io.holi.platform.HoliProperties;
import io.holi.status.MaintenanceWindows;
import io.holi.status.StatusComponent;
import io.holi.status.StatusIncidents.PublicIncident;
import io.holi.status.StatusPage;
import io.holi.status.StatusView;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"The public status page (manual 2.1, 6.1): what each component's state is, its uptime against the "
                + "objective, and publishing the page off-box (HOLI_STATUS_URL) so that it stays readable when holi is down. "
                + "holi serve probes and publishes every minute by itself."},
        subcommands = {StatusCommand.StatusShow.class, StatusCommand.StatusPublish.class, StatusCommand.StatusMaintenance.class})
class StatusCommand extends CommandGroup {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Each component's state now, its uptime, incidents and maintenance.")
    static class StatusShow extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                StatusView v = ctx.getBean(StatusPage.class).view(Instant.now());
                PrintWriter out = out();
                out.println(v.clinic() + " status: " + v.description() + " (" + v.when(v.updatedAt()) + ")");
                for (StatusView.Group g : v.groups()) {
                    out.println();
                    out.println(g.group().label());
                    for (StatusView.Component c : g.components()) {
                        out.printf("  %-16s %-22s %s over %d days, %s this month (%s)%n", c.component().label(), c.state().label(), c.uptime(),
                                c.days().size(), c.monthUptime(), c.monthUptime().equals("no data") ? "nothing recorded yet: holi serve probes every minute"
                                        : c.sloMet() ? "objective met" : "OBJECTIVE MISSED");
                    }
                }
                for (PublicIncident i : v.activeIncidents()) {
                    out.println();
                    out.println("Incident " + i.reference() + ": " + i.name() + " (" + i.status() + ", impact " + i.impact() + ")");
                }
                for (MaintenanceWindows.Window w : v.maintenances()) {
                    if (w.status() == MaintenanceWindows.Status.SCHEDULED || w.status() == MaintenanceWindows.Status.IN_PROGRESS) {
                        out.println();
                        out.println("Maintenance " + w.status().apiName().replace('_', ' ') + ": " + w.title() + ", " + v.when(w.startsAt())
                                + " to " + v.when(w.endsAt()));
                    }
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Render the page (HTML, CSS, summary.json, Atom feed) and write it to HOLI_STATUS_URL now.")
    static class StatusPublish extends Verb {
        @Override
        public Integer call() throws IOException {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                StatusPage.Published p = ctx.getBean(StatusPage.class).publish(Instant.now());
                out().println("Published " + String.join(", ", p.files()) + " to " + p.location());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "maintenance", mixinStandardHelpOptions = true,
            description = "Scheduled maintenance windows: announced on the page, started and ended by holi at their times.",
            subcommands = {MaintenanceSchedule.class, MaintenanceList.class, MaintenanceCancel.class})
    static class StatusMaintenance extends CommandGroup {
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = "Announce a maintenance window. Times are ISO-8601: with an offset or Z, or else in the clinic's time zone.")
    static class MaintenanceSchedule extends Verb {
        @Option(names = "--title", required = true, description = "what readers see, e.g. \"Database upgrade\"")
        String title;

        @Option(names = "--from", required = true, paramLabel = "TIME", description = "when it starts, e.g. 2026-12-05T22:00")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "when it ends (at most 24 hours later)")
        String to;

        @Option(names = "--components", required = true, split = ",", paramLabel = "ID",
                description = "affected components: web-application, api, database, backups, audit-trail")
        List<String> components;

        @Option(names = "--description", defaultValue = "", description = "what is done and what users will notice")
        String description;

        @Option(names = "--maintenance-mode", description = "hold holi in maintenance mode (every request 503) during the window")
        boolean maintenanceMode;

        @Override
        public Integer call() {
            Set<StatusComponent> affected = StatusComponent.parseAll(components);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                ZoneId zone = ctx.getBean(HoliProperties.class).clinic().timeZone();
                MaintenanceWindows.Window w = ctx.getBean(MaintenanceWindows.class).schedule(title, description, Formats.instant("--from", from, zone),
                        Formats.instant("--to", to, zone), affected, maintenanceMode, "system:" + System.getProperty("user.name", "unknown"));
                out().println("Scheduled " + w.id() + ": " + w.title() + ", " + Formats.utc(w.startsAt()) + " to " + Formats.utc(w.endsAt())
                        + (w.maintenanceMode() ? ", with maintenance mode" : "") + ". The status page shows it from now on.");
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Windows to come, in progress, and of the last 7 days.")
    static class MaintenanceList extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<MaintenanceWindows.Window> all = ctx.getBean(MaintenanceWindows.class).since(Instant.now().minus(Duration.ofDays(7)));
                if (all.isEmpty()) {
                    out().println("No maintenance window scheduled, in progress or in the last 7 days.");
                }
                for (MaintenanceWindows.Window w : all) {
                    out().printf("%s  %-11s %s → %s  %s  [%s]%s%n", w.id(), w.status().apiName(), Formats.utc(w.startsAt()), Formats.utc(w.endsAt()),
                            w.title(), String.join(",", w.components().stream().map(StatusComponent::id).toList()),
                            w.maintenanceMode() ? " maintenance mode" : "");
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a window that has not started.")
    static class MaintenanceCancel extends Verb {
        @Parameters(paramLabel = "ID", description = "the window's id (holi status maintenance list)")
        UUID id;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                MaintenanceWindows.Window w = ctx.getBean(MaintenanceWindows.class).cancel(id, "system:" + System.getProperty("user.name", "unknown"));
                out().println("Cancelled " + w.id() + ": " + w.title() + ".");
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
