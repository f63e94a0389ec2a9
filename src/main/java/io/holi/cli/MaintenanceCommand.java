package io.holi.cli;

import io.holi.audit.RunOutcome;
import io.holi.platform.Maintenance;
import org.springframework.context.ConfigurableApplicationContext;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Maintenance mode, shared by every instance through the database: while on, every request except "
                + "health checks is answered 503. `holi backup restore` into the live database turns it on and off itself."},
        subcommands = {MaintenanceCommand.MaintenanceStatus.class, MaintenanceCommand.MaintenanceOn.class,
                MaintenanceCommand.MaintenanceOff.class})
class MaintenanceCommand extends CommandGroup {

    static void print(PrintWriter out, Maintenance.State s) {
        out.println(s.active() ? "Maintenance mode is ON since " + Formats.utc(s.since()) + " (" + s.reason() + ", by "
                + s.actor() + ")" : "Maintenance mode is off: holi serves requests.");
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is maintenance mode on?")
    static class MaintenanceStatus extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                print(out(), ctx.getBean(Maintenance.class).current());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "Turn maintenance mode on (every instance within a second).")
    static class MaintenanceOn extends Verb {
        @Option(names = "--reason", required = true, description = "shown to every caller, e.g. \"database upgrade\"")
        String reason;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Maintenance m = ctx.getBean(Maintenance.class);
                java.time.Instant at = java.time.Instant.now();
                m.enter(reason, "system:" + System.getProperty("user.name", "unknown"));
                ctx.getBean(io.holi.audit.OperationRecords.class).record("maintenance.on", reason, at, RunOutcome.SUCCESS, java.util.Map.of());
                print(out(), m.current());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Turn maintenance mode off.")
    static class MaintenanceOff extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Maintenance m = ctx.getBean(Maintenance.class);
                java.time.Instant at = java.time.Instant.now();
                m.leave();
                ctx.getBean(io.holi.audit.OperationRecords.class).record("maintenance.off", null, at, RunOutcome.SUCCESS, java.util.Map.of());
                print(out(), m.current());
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
