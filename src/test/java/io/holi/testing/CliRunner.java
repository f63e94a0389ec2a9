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

    /** How many idle contexts stay open at once; the least recently used idle one is closed beyond that. */
    private static final int KEPT = 6;

    private static final class Shared {
        ConfigurableApplicationContext context;
        int users;
    }

    /** By (kind, settings), least recently used first. Guarded by the class lock; commands run outside it. */
    private static final Map<List<Object>, Shared> CONTEXTS = new LinkedHashMap<>(16, 0.75f, true);

    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CliRunner::closeAll));
    }

    private CliRunner() {
    }

    public static Run run(Map<String, String> settings, String stdin, String... args) {
        Map<String, String> fixed = new TreeMap<>(settings);
        CliSession.Contexts shared = new CliSession.Contexts() {
            @Override
            public ConfigurableApplicationContext open(CliContext.Kind kind, String command) {
                return acquire(List.of(kind, fixed), kind, fixed);
            }

            @Override
            public void release(ConfigurableApplicationContext context) {
                CliRunner.release(context);
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

    /** Contexts for different settings start side by side; a second user of the same settings waits for the first. */
    private static ConfigurableApplicationContext acquire(List<Object> key, CliContext.Kind kind, Map<String, String> settings) {
        Shared entry;
        synchronized (CliRunner.class) {
            entry = CONTEXTS.computeIfAbsent(key, k -> new Shared());
            entry.users++;
        }
        synchronized (entry) {
            if (entry.context == null || !entry.context.isActive()) {
                try {
                    entry.context = CliContext.create(kind, settings);
                } catch (RuntimeException e) {
                    release(null, entry);
                    throw e;
                }
                STARTED.incrementAndGet();
            }
            return entry.context;
        }
    }

    private static void release(ConfigurableApplicationContext context) {
        release(context, null);
    }

    private static synchronized void release(ConfigurableApplicationContext context, Shared failed) {
        CONTEXTS.values().stream().filter(e -> e == failed || (context != null && e.context == context)).forEach(e -> e.users--);
        CONTEXTS.values().removeIf(e -> e.users == 0 && e.context == null);
        closeIdleBeyondKept();
    }

    private static void closeIdleBeyondKept() {
        var it = CONTEXTS.values().iterator();
        int excess = CONTEXTS.size() - KEPT;
        while (excess > 0 && it.hasNext()) {
            Shared e = it.next();
            if (e.users == 0) {
                if (e.context != null) {
                    e.context.close();
                }
                it.remove();
                excess--;
            }
        }
    }

    /**
     * Closes the shared contexts: a test that is about to change what they were started against (stop the database
     * they use, replace it) calls this first.
     */
    public static synchronized void closeAll() {
        CONTEXTS.values().stream().filter(e -> e.context != null).forEach(e -> e.context.close());
        CONTEXTS.clear();
    }

    /** How many contexts the commands of this JVM have started so far. */
    public static int contextsStarted() {
        return STARTED.get();
    }
}
