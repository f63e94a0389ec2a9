package io.holi.cli;

import io.holi.platform.HoliException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the command line. This is the one place that maps outcomes and failures to exit codes.
 */
public final class Cli {

    /** What {@code holi} exits with. */
    public enum ExitCode {
        /** done; or every check passed */
        OK(0),
        /** something went wrong: the message says what */
        ERROR(1),
        /** the command line itself is wrong: an unknown command, a missing or invalid option */
        USAGE(2),
        /** a check warned: look at it soon */
        WARNED(3),
        /** a check failed: act now */
        FAILED(4);

        private final int code;

        ExitCode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Returned by {@code serve} once the service has stopped by itself: the JVM exits on its own. */
    public static final int SERVED = -1;

    static final String EXIT_CODES = "Exit codes: 0 ok, 1 something went wrong, 2 usage error, 3 a check warned, 4 a check failed.";

    private Cli() {
    }

    /** The command groups, in the order {@code holi --help} lists them. */
    static final List<Class<?>> GROUPS = List.of(ServeCommand.class, UsersCommand.class, KeysCommand.class, BackupCommand.class,
            PitrCommand.class, AuditCommand.class, OpsCommand.class, AccessCommand.class, DbCommand.class, SecretsCommand.class,
            ComplianceCommand.class, MaintenanceCommand.class, StatusCommand.class, IncidentCommand.class, RemindersCommand.class, FhirCommand.class, DemoCommand.class);

    public static int execute(String... args) {
        return commandLine(new CliSession(CliSession.FRESH, System.in), args).execute(args);
    }

    /** The whole command line: every group with every verb. */
    public static CommandLine commandLine(CliSession session) {
        return build(session, group -> true);
    }

    /**
     * The command line for these arguments: the group they name (or {@code help} names) is built whole, the others
     * only as their name and description. Reading every verb's options costs about half a second that
     * {@code holi --help}, {@code holi backup --help} or a usage error need not wait for.
     */
    public static CommandLine commandLine(CliSession session, String... args) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("-")).limit(2).toList();
        String named = words.isEmpty() ? null : words.get(0).equals("help") && words.size() > 1 ? words.get(1) : words.get(0);
        return build(session, group -> named != null && (group.name().equals(named) || List.of(group.aliases()).contains(named)));
    }

    private static CommandLine build(CliSession session, Predicate<Command> whole) {
        CommandLine cmd = new CommandLine(new HoliCommand(session));
        for (Class<?> group : GROUPS) {
            Command c = group.getAnnotation(Command.class);
            if (whole.test(c)) {
                cmd.addSubcommand(c.name(), new CommandLine(group), c.aliases());
            } else {
                CommandSpec named = CommandSpec.create().name(c.name()).aliases(c.aliases());
                named.usageMessage().description(c.description());
                cmd.addSubcommand(c.name(), new CommandLine(named), c.aliases());
            }
        }
        cmd.addSubcommand("help", new CommandLine(new CommandLine.HelpCommand()));
        // --format json, --role clinician: enum options in any letter case
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler(Cli::onFailure);
        cmd.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
        return cmd;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable root = explanation(e);
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + root.getMessage());
        err.flush();
        if (root instanceof HoliException h) {
            return (h.kind() == HoliException.Kind.INVALID ? ExitCode.USAGE : ExitCode.ERROR).code();
        }
        return (root instanceof IllegalArgumentException ? ExitCode.USAGE : ExitCode.ERROR).code();
    }

    /** The most specific failure that says something a person can act on (Spring wraps startup failures). */
    static Throwable explanation(Throwable e) {
        Throwable best = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HoliException) {
                return t;
            }
            if (t.getMessage() != null && !t.getClass().getName().startsWith("org.springframework.beans")) {
                best = t;
            }
        }
        return best;
    }
}
