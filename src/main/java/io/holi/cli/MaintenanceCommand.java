package io.holi.cli;

import io.holi.platform.Maintenance;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Maintenance mode, shared by every instance through the database: while on, every request except "
                + "health checks is answered 503. `holi backup restore` into the live database turns it on and off itself."},
        subcommands = {MaintenanceCommand.MaintenanceStatus.class, MaintenanceCommand.MaintenanceOn.class,
                MaintenanceCommand.MaintenanceOff.class})
class MaintenanceCommand extends CommandGroup {

    static void print(Maintenance.State s) {
        System.out.println(s.active() ? "Maintenance mode is ON since " + Formats.utc(s.since()) + " (" + s.reason() + ", by "
                + s.actor() + ")" : "Maintenance mode is off: holi serves requests.");
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is maintenance mode on?")
    static class MaintenanceStatus implements Callable<Integer> {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliContext.open("maintenance status")) {
                print(ctx.getBean(Maintenance.class).current());
            }
            return 0;
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "Turn maintenance mode on (every instance within a second).")
    static class MaintenanceOn implements Callable<Integer> {
        @Option(names = "--reason", required = true, description = "shown to every caller, e.g. \"database upgrade\"")
        String reason;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliContext.open("maintenance on")) {
                Maintenance m = ctx.getBean(Maintenance.class);
                java.time.Instant at = java.time.Instant.now();
                m.enter(reason, "system:" + System.getProperty("user.name", "unknown"));
                ctx.getBean(io.holi.audit.OperationRecords.class).record("maintenance.on", reason, at, "SUCCESS", java.util.Map.of());
                print(m.current());
            }
            return 0;
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Turn maintenance mode off.")
    static class MaintenanceOff implements Callable<Integer> {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliContext.open("maintenance off")) {
                Maintenance m = ctx.getBean(Maintenance.class);
                java.time.Instant at = java.time.Instant.now();
                m.leave();
                ctx.getBean(io.holi.audit.OperationRecords.class).record("maintenance.off", null, at, "SUCCESS", java.util.Map.of());
                print(m.current());
            }
            return 0;
        }
    }
}
