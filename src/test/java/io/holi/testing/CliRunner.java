package io.holi.testing;

import io.holi.cli.Cli;
import io.holi.cli.CliContext;
import io.holi.cli.CliSession;
import io.holi.platform.DatabaseUrl;
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
 * the same, the twenty seconds of starting Spring a hundred times are not). A context belongs to the test class that
 * started it and is closed when that class ends ({@link ContextCount} tells), so none is started twice for a class.
 * <p>
 * The two kinds of context ({@link CliContext.Kind}) differ only in whether the schema is migrated at start. So a
 * context of either kind serves commands of the other when the database it was started on is at this version's
 * schema (every database {@link TestPostgres#newDatabase} gives is): migrating would change nothing there. A database
 * that is empty, stopped or behind gets a context of the kind asked for, as a user's command would.
 */
public final class CliRunner {

    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private static final class Shared {
        ConfigurableApplicationContext context;
        int users;
    }

    /** By (test class, kind, settings). Guarded by the class lock; commands run outside it. */
    private static final Map<List<Object>, Shared> CONTEXTS = new LinkedHashMap<>();

    /** Test classes that have ended: their contexts close as soon as no command uses them. */
    private static final java.util.Set<String> FINISHED = new java.util.HashSet<>();

    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CliRunner::closeAll));
    }

    private CliRunner() {
    }

    /** Who owns the contexts of {@link #runShared}: no test class, so they stay open until the suite ends. */
    private static final String SHARED = "(shared by the command-line tests)";

    public static Run run(Map<String, String> settings, String stdin, String... args) {
        return run(ContextCount.currentClass(), settings, stdin, args);
    }

    /**
     * A command whose context the classes that take turns on the same settings share ({@link CommandLineTest}): it is
     * not closed when a class ends.
     */
    public static Run runShared(Map<String, String> settings, String stdin, String... args) {
        return run(SHARED, settings, stdin, args);
    }

    private static Run run(String owner, Map<String, String> settings, String stdin, String... args) {
        Map<String, String> fixed = new TreeMap<>(settings);
        CliSession.Contexts shared = new CliSession.Contexts() {
            @Override
            public ConfigurableApplicationContext open(CliContext.Kind kind, String command) {
                return acquire(List.of(owner, kind, fixed), kind, fixed);
            }

            @Override
            public void release(ConfigurableApplicationContext context) {
                CliRunner.release(context);
            }
        };
        return execute(shared, stdin, args);
    }

    /**
     * Runs the command in an application the test already started (a server on the database the command is about, with
     * the settings the command needs): what a user's {@code holi} beside a running {@code holi serve} does, without
     * starting a second application for it. The command gets that application whatever kind it asks for, so only
     * commands that work on a migrated database may run here.
     */
    public static Run runIn(ConfigurableApplicationContext app, String stdin, String... args) {
        CliSession.Contexts running = new CliSession.Contexts() {
            @Override
            public ConfigurableApplicationContext open(CliContext.Kind kind, String command) {
                return app;
            }

            @Override
            public void release(ConfigurableApplicationContext context) {
                // the test's application: it closes it
            }
        };
        return execute(running, stdin, args);
    }

    private static Run execute(CliSession.Contexts contexts, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Cli.commandLine(new CliSession(contexts, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The application the commands given these settings run in (started if none is yet), for a test to look into. */
    public static ConfigurableApplicationContext context(Map<String, String> settings, CliContext.Kind kind) {
        return context(ContextCount.currentClass(), settings, kind);
    }

    /** {@link #context} for the settings of {@link #runShared}. */
    public static ConfigurableApplicationContext sharedContext(Map<String, String> settings, CliContext.Kind kind) {
        return context(SHARED, settings, kind);
    }

    private static ConfigurableApplicationContext context(String owner, Map<String, String> settings, CliContext.Kind kind) {
        Map<String, String> fixed = new TreeMap<>(settings);
        ConfigurableApplicationContext context = acquire(List.of(owner, kind, fixed), kind, fixed);
        release(context);
        return context;
    }

    /** Contexts for different settings start side by side; a second user of the same settings waits for the first. */
    private static ConfigurableApplicationContext acquire(List<Object> key, CliContext.Kind kind, Map<String, String> settings) {
        List<Object> otherKey = List.of(key.get(0), kind == CliContext.Kind.APPLICATION ? CliContext.Kind.OPERATIONS
                : CliContext.Kind.APPLICATION, key.get(2));
        Shared other;
        synchronized (CliRunner.class) {
            other = CONTEXTS.containsKey(key) ? null : CONTEXTS.get(otherKey);
        }
        // only when the other kind's context could serve: is the database at this build's schema (outside the lock)
        boolean current = other != null && SchemaVersion.isCurrent(settings);
        Shared entry;
        synchronized (CliRunner.class) {
            entry = current && CONTEXTS.get(otherKey) == other && other.context != null && other.context.isActive()
                    ? other : CONTEXTS.computeIfAbsent(key, k -> new Shared());
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
        var it = CONTEXTS.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Shared shared = e.getValue();
            if (shared == failed || (context != null && shared.context == context)) {
                shared.users--;
                if (shared.users == 0 && (shared.context == null || FINISHED.contains(e.getKey().get(0)))) {
                    if (shared.context != null) {
                        shared.context.close();
                    }
                    it.remove();
                }
            }
        }
    }

    /** Called when a test class has finished: closes the contexts its commands started (those in use, once released). */
    static synchronized void closeContextsOf(String testClass) {
        FINISHED.add(testClass);
        var it = CONTEXTS.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().get(0).equals(testClass) && e.getValue().users == 0) {
                if (e.getValue().context != null) {
                    e.getValue().context.close();
                }
                it.remove();
            }
        }
    }

    /**
     * The database these commands' settings name, given back as new (migrated, empty of records) for the next test of
     * the class, which then reuses the application context of the tests before it. That context's pool lets go of its
     * sessions before the database is dropped; after it is copied anew, every session the pool holds is checked and
     * the dead ones dropped (the pool refills itself at once, and what it opened in between ended with the old
     * database). Only between commands: none may be running on it.
     */
    public static synchronized void freshDatabase(DatabaseUrl db) {
        List<com.zaxxer.hikari.HikariDataSource> pools = poolsOn(db);
        pools.forEach(p -> p.getHikariPoolMXBean().softEvictConnections());
        TestPostgres.recreate(db);
        for (com.zaxxer.hikari.HikariDataSource pool : pools) {
            // holding as many sessions as the pool may have, none can be added behind the check
            List<java.sql.Connection> held = new java.util.ArrayList<>();
            try {
                while (held.size() < pool.getMaximumPoolSize()) {
                    held.add(pool.getConnection());
                }
                for (java.sql.Connection c : held) {
                    if (c.isValid(5)) {
                        c.close();
                    } else {
                        pool.evictConnection(c);
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("the pool on " + db.database() + " did not reconnect: " + e.getMessage(), e);
            }
        }
    }

    private static List<com.zaxxer.hikari.HikariDataSource> poolsOn(DatabaseUrl db) {
        String url = db.toUriWithPassword();
        List<com.zaxxer.hikari.HikariDataSource> pools = new java.util.ArrayList<>();
        for (var e : CONTEXTS.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, String> settings = (Map<String, String>) e.getKey().get(2);
            ConfigurableApplicationContext context = e.getValue().context;
            if (url.equals(settings.get("holi.database.url")) && context != null && context.isActive()) {
                for (javax.sql.DataSource ds : context.getBeansOfType(javax.sql.DataSource.class).values()) {
                    if (ds instanceof com.zaxxer.hikari.HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
                        pools.add(hikari);
                    }
                }
            }
        }
        return pools;
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
