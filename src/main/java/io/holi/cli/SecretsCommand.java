package io.holi.cli;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.database.DatabasePasswords;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Map;

@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Secret rotation (manual 5.2).",
        subcommands = {SecretsCommand.RotateDbPassword.class})
class SecretsCommand extends CommandGroup {

    @Command(name = "rotate-db-password", mixinStandardHelpOptions = true,
            description = {"Rotate the application's database password: a new random password, ALTER ROLE, the new DATABASE_URL "
                    + "written to HOLI_SECRETS_ENV_FILE and/or given to HOLI_SECRETS_COMMAND (a secrets manager's CLI); running "
                    + "instances reread the env file and switch without dropping a request; the old password is proven rejected.",
                    "Behind PgBouncer, update its userlist (or auth_query) too. Exit 4 if the old password still works."})
    static class RotateDbPassword extends Verb {
        @Option(names = "--wait", defaultValue = "30s", paramLabel = "AGE",
                description = "how long to wait for running instances to switch (default ${DEFAULT-VALUE})")
        String waitFor;

        @Override
        public Integer call() {
            var wait = Formats.span("--wait", waitFor);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Instant started = Instant.now();
                DatabasePasswords.Rotation r = ctx.getBean(DatabasePasswords.class).rotate(wait);
                out().printf("Rotated the database password of %s:%n", r.role());
                r.steps().forEach(s -> out().println("  - " + s));
                ctx.getBean(OperationRecords.class).record("secrets.rotate-db-password", r.role(), started,
                        r.oldPasswordRejected() ? RunOutcome.SUCCESS : RunOutcome.FAILED, Map.of("steps", r.steps()));
                return (r.oldPasswordRejected() ? Cli.ExitCode.OK : Cli.ExitCode.FAILED).code();
            }
        }
    }
}
