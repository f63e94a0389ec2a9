package io.holi.cli;

import io.holi.crypto.KeyService;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Field-encryption keys: status and rotation.",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class})
class KeysCommand extends CommandGroup {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Which key versions encrypt how many values, per version and per column.")
    static class Status extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                KeyService.Status s = ctx.getBean(KeyService.class).status();
                out().printf("Active key version: %d%n%n", s.activeVersion());
                out().printf("%-8s  %-13s  %10s  %s%n", "VERSION", "STATE", "VALUES", "REGISTERED");
                for (KeyService.VersionCount v : s.versions()) {
                    out().printf("%-8d  %-13s  %10d  %s%n", v.version(), v.state(), v.values(), v.registeredAt());
                }
                out().printf("%n%-40s  %s%n", "COLUMN", "VALUES BY VERSION");
                for (KeyService.ColumnCount c : s.columns()) {
                    out().printf("%-40s  %s%n", c.column(), c.valuesByVersion().isEmpty() ? "-" : format(c.valuesByVersion()));
                }
                long behind = s.valuesNotOnActive();
                out().printf("%n%s%n", behind == 0 ? "Every value is on the active key."
                        : behind + " values are on older keys: run `holi keys rotate` to move them.");
            }
            return Cli.ExitCode.OK.code();
        }

        private static String format(Map<Integer, Long> counts) {
            StringBuilder sb = new StringBuilder();
            counts.forEach((v, n) -> sb.append("v").append(v).append(": ").append(n).append("  "));
            return sb.toString().strip();
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Re-encrypt every value that is not on the active key, in batches. Safe while holi serves "
                    + "requests; safe to interrupt and run again.",
                    "First make every instance know the new key: HOLI_ENCRYPTION_KEYS=1:<old>,2:<new> (the highest version "
                            + "becomes active), restart them, then run this."})
    static class Rotate extends Verb {
        @Option(names = "--batch-size", defaultValue = "500", description = "values per transaction (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Override
        public Integer call() {
            if (batchSize < 1 || batchSize > 10_000) {
                throw HoliException.invalid("--batch-size", "must be between 1 and 10000");
            }
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                KeyService keys = ctx.getBean(KeyService.class);
                KeyService.RotationResult r = keys.rotate(batchSize, line -> out().println("  " + line));
                out().printf("Re-encrypted %d values onto key version %d%s.%n", r.reencrypted(), keys.activeVersion(),
                        r.skippedConcurrentlyChanged() > 0 ? " (" + r.skippedConcurrentlyChanged()
                                + " changed meanwhile by requests, already on the active key)" : "");
                if (!r.retiredVersions().isEmpty()) {
                    out().printf("Key versions %s hold no value any more and are retired: they may be removed from "
                            + "HOLI_ENCRYPTION_KEYS.%n", r.retiredVersions());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
