package io.holi.cli;

import io.holi.demo.DemoClinic;
import io.holi.platform.HoliDatabase;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "A demo clinic to try holi with.",
        subcommands = DemoCommand.Seed.class)
class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = {"Create the demo clinic: an administrator, two clinicians, a front desk, an auditor and 50 patients "
                    + "with appointments, prescriptions and notes; print the logins.",
                    "On the embedded default every demo user's password is " + DemoClinic.EMBEDDED_PASSWORD + ".",
                    "Against DATABASE_URL it needs --allow-external, and the passwords are random (printed once)."})
    static class Seed implements Callable<Integer> {
        @Option(names = "--allow-external", description = "seed a database named by DATABASE_URL (never a production one)")
        boolean allowExternal;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = CliContext.open("demo seed")) {
                if (ctx.getBean(HoliDatabase.class).mode() == HoliDatabase.Mode.EXTERNAL && !allowExternal) {
                    throw HoliException.invalid("--allow-external", "DATABASE_URL is set: demo data would go into that "
                            + "database. Add --allow-external if that is really what you want");
                }
                System.out.println(ctx.getBean(DemoClinic.class).seed().describe());
            }
            return 0;
        }
    }
}
