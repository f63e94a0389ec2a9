package io.holi.testing;

import io.holi.cli.Cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs holi's command line in this JVM, as a user would type it, with settings given as properties. */
public final class CliRunner {

    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private CliRunner() {
    }

    public static synchronized Run run(Map<String, String> settings, String stdin, String... args) {
        PrintStream out = System.out;
        PrintStream errStream = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Map<String, String> before = new java.util.HashMap<>();
        settings.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            var cmd = Cli.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            int code = cmd.execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8), err + capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(errStream);
            System.setIn(in);
            // put back what was there (the build sets some for every test), remove what was not
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
