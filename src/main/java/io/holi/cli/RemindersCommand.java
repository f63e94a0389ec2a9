package io.holi.cli;

import io.holi.ops.VendorInventory;
import io.holi.reminders.Channel;
import io.holi.reminders.Reminder;
import io.holi.reminders.ReminderPreview;
import io.holi.reminders.ReminderProperties;
import io.holi.reminders.Reminders;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reminders", mixinStandardHelpOptions = true,
        description = {"Appointment reminders by SMS (Twilio) and email (Resend): the outbox, retrying failures, and what a "
                + "reminder would say. holi serve sends them by itself."},
        subcommands = {RemindersCommand.Status.class, RemindersCommand.Retry.class, RemindersCommand.Preview.class})
class RemindersCommand extends CommandGroup {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The outbox by channel and status, the oldest due reminder, and whether each vendor may send (configured, BAA signed).")
    static class Status extends Verb {
        @Option(names = "--failed", description = "Also list the failed reminders of appointments still ahead, with the provider's error.")
        boolean failed;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Reminders reminders = ctx.getBean(Reminders.class);
                ReminderProperties p = ctx.getBean(ReminderProperties.class);
                VendorInventory vendors = ctx.getBean(VendorInventory.class);
                PrintWriter out = out();
                out.println("Vendors:");
                for (Channel c : Channel.values()) {
                    boolean configured = p.configured(c);
                    VendorInventory.Baa baa = vendors.baa(c.vendor());
                    out.printf("  %-6s %-8s %-14s %s%n", c.label(), c.vendor(), configured ? "configured" : "not configured",
                            baa.describe() + (configured && baa.allowsPhi() ? "" : ": not sending"));
                }
                out.println("  links and webhooks: " + (p.publicBase().isEmpty() ? "HOLI_PUBLIC_URL is not set: nothing is sent" : p.publicBase()));
                Map<String, Long> counts = reminders.counts();
                out.println("Outbox:" + (counts.isEmpty() ? " empty" : ""));
                counts.forEach((k, v) -> out.printf("  %-20s %d%n", k.toLowerCase(java.util.Locale.ROOT), v));
                out.printf("Oldest due reminder waiting: %.0f s%n", reminders.oldestPendingSeconds());
                if (failed) {
                    List<Reminder> list = reminders.failedAhead();
                    out.println("Failed, appointment still ahead: " + list.size() + (list.isEmpty() ? "" : " (holi reminders retry sends them again)"));
                    list.forEach(r -> out.println("  " + r.id() + "  " + r.channel().label() + "  " + r.appointmentAt() + "  " + r.error()));
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Put failed reminders of appointments still ahead back in the outbox (the ids given, or all of them).")
    static class Retry extends Verb {
        @Parameters(arity = "0..*", paramLabel = "ID", description = "Reminder ids (from holi reminders status --failed); none: every failed one")
        List<UUID> ids = List.of();

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                int n = ctx.getBean(Reminders.class).retry(ids);
                out().println(n + " reminder(s) back in the outbox; holi serve sends them within a poll interval.");
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "What an appointment's reminders would say on each channel, and whether they would be sent; nothing is sent. "
                    + "Prints the patient's first name: audited as a read.")
    static class Preview extends Verb {
        @Option(names = "--appointment", required = true, paramLabel = "ID", description = "The appointment's id")
        UUID appointment;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                PrintWriter out = out();
                for (ReminderPreview.Preview p : ctx.getBean(ReminderPreview.class).of(appointment)) {
                    out.println(p.channel().label().toUpperCase(java.util.Locale.ROOT) + " to " + p.to() + " (" + p.language() + "), would send: " + p.wouldSend());
                    if (!p.message().subject().isEmpty()) {
                        out.println("  Subject: " + p.message().subject());
                    }
                    p.message().text().lines().forEach(l -> out.println("  " + l));
                    out.println();
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
