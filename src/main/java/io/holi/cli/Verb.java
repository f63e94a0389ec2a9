package io.holi.cli;

import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * One command of holi's command line. It prints through picocli's writers and gets its application context from
 * the session the command line was made with: a fresh one per command for a user, shared ones in the tests.
 */
abstract class Verb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    InputStream in() {
        return session().in();
    }

    /** The application this command runs against; closing it gives it back to the session. */
    ConfigurableApplicationContext context(CliContext.Kind kind) {
        return session().context(kind, spec.qualifiedName(" ").replaceFirst("^holi ", ""));
    }

    private CliSession session() {
        return ((HoliCommand) spec.root().userObject()).session;
    }
}
