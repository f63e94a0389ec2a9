package io.holi.cli;

import io.holi.platform.HoliException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Runs the command line. Exit codes: 0 ok, 1 a check failed or something is wrong, 2 usage error.
 * This is the one place that maps failures to exit codes.
 */
public final class Cli {

    /** Returned by {@code serve} once the service has stopped by itself: the JVM exits on its own. */
    public static final int SERVED = -1;

    private Cli() {
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new HoliCommand());
        cmd.setExecutionExceptionHandler(Cli::onFailure);
        return cmd;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable root = explanation(e);
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + root.getMessage());
        err.flush();
        if (root instanceof HoliException h) {
            return h.kind() == HoliException.Kind.INVALID ? 2 : 1;
        }
        return root instanceof IllegalArgumentException ? 2 : 1;
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
