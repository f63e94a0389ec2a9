package io.holi.testing;

import io.holi.cli.Cli;
import io.holi.cli.CliContext;
import io.holi.cli.CliSession;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs holi's command line in this JVM, as a user would type it, with settings given as properties. Commands given
 * the same settings share one application context (a user's {@code holi} starts one per command: the commands are
 * the same, the twenty seconds of starting Spring a hundred times are not), kept for the few most recent settings.
 */
public final class CliRunner {

    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** How many contexts stay open at once; the least recently used is closed beyond that. */
    private static final int KEPT = 6;

    private static final Map<List<Object>, ConfigurableApplicationContext> CONTEXTS =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Object>, ConfigurableApplicationContext> eldest) {
                    if (size() > KEPT) {
                        eldest.getValue().close();
                        return true;
                    }
                    return false;
                }
            };

    private static int started;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CliRunner::closeAll));
    }

    private CliRunner() {
    }

    public static synchronized Run run(Map<String, String> settings, String stdin, String... args) {
        Map<String, String> fixed = new TreeMap<>(settings);
        CliSession.Contexts shared = new CliSession.Contexts() {
            @Override
            public ConfigurableApplicationContext open(CliContext.Kind kind, String command) {
                List<Object> key = List.of(kind, fixed);
                ConfigurableApplicationContext ctx = CONTEXTS.get(key);
                if (ctx == null || !ctx.isActive()) {
                    ctx = CliContext.create(kind, fixed);
                    started++;
                    CONTEXTS.put(key, ctx);
                }
                return ctx;
            }

            @Override
            public void release(ConfigurableApplicationContext context) {
                // kept for the next command with the same settings
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(new CliSession(shared, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Closes the shared contexts: a test that is about to change what they were started against (stop the database
     * they use, replace it) calls this first.
     */
    public static synchronized void closeAll() {
        CONTEXTS.values().forEach(ConfigurableApplicationContext::close);
        CONTEXTS.clear();
    }

    /** How many contexts the commands of this JVM have started so far. */
    public static synchronized int contextsStarted() {
        return started;
    }
}
