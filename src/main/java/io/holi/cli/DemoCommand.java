package io.holi.cli;

import io.holi.demo.DemoClinic;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


@Command(name = "demo", mixinStandardHelpOptions = true, description = "A demo clinic to try holi with.",
        subcommands = {DemoCommand.Seed.class, DemoCommand.Load.class})
class DemoCommand extends CommandGroup {

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Register synthetic patients (realistic names, birth dates and contact details) as a clinician, "
                    + "through the same service as the API: encrypted, granted to the clinician, audited.",
                    "For benchmarks and capacity planning (bench/reads.sh uses it)."})
    static class Load extends Verb {
        @Option(names = "--patients", required = true, description = "how many")
        long patients;

        @Option(names = "--as", required = true, description = "email of the clinician who registers them")
        String as;

        @Option(names = "--threads", defaultValue = "4", description = "parallel registrations (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--allow-external", description = "load into a database named by DATABASE_URL (never a production one)")
        boolean allowExternal;

        @Override
        public Integer call() throws Exception {
            if (patients < 1 || threads < 1 || threads > 64) {
                throw HoliException.invalid("--patients/--threads", "need at least 1 patient and 1 to 64 threads");
            }
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                if (ctx.getBean(HoliDatabase.class).mode() == HoliDatabase.Mode.EXTERNAL && !allowExternal) {
                    throw HoliException.invalid("--allow-external", "DATABASE_URL is set: synthetic patients would go into "
                            + "that database. Add --allow-external if that is really what you want");
                }
                long start = System.nanoTime();
                long n = ctx.getBean(io.holi.demo.SyntheticPatients.class).load(patients, as, threads,
                        d -> out().printf("  %d patients registered%n", d));
                double seconds = (System.nanoTime() - start) / 1e9;
                out().printf("Registered %d synthetic patients as %s in %.0f s (%.0f/s).%n", n, as, seconds, n / seconds);
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = {"Create the demo clinic: an administrator, two clinicians, a front desk, an auditor and 50 patients "
                    + "with appointments, prescriptions and notes; print the logins.",
                    "On the embedded default every demo user's password is " + DemoClinic.EMBEDDED_PASSWORD + ".",
                    "Against DATABASE_URL it needs --allow-external, and the passwords are random (printed once)."})
    static class Seed extends Verb {
        @Option(names = "--allow-external", description = "seed a database named by DATABASE_URL (never a production one)")
        boolean allowExternal;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                if (ctx.getBean(HoliDatabase.class).mode() == HoliDatabase.Mode.EXTERNAL && !allowExternal) {
                    throw HoliException.invalid("--allow-external", "DATABASE_URL is set: demo data would go into that "
                            + "database. Add --allow-external if that is really what you want");
                }
                out().println(ctx.getBean(DemoClinic.class).seed().describe());
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
