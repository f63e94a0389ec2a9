package io.holi.cli;

import io.holi.platform.HoliException;
import picocli.CommandLine;

import java.io.PrintWriter;

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

    public static int execute(String... args) {
        return commandLine(new CliSession(CliSession.FRESH, System.in)).execute(args);
    }

    public static CommandLine commandLine(CliSession session) {
        CommandLine cmd = new CommandLine(new HoliCommand(session));
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
