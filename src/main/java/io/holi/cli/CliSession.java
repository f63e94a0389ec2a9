package io.holi.cli;

import org.springframework.context.ConfigurableApplicationContext;

import java.io.InputStream;
import java.lang.reflect.Proxy;

/**
 * What one run of the command line works with: standard input, and where application contexts come from. A user's
 * {@code holi} starts a context for its command and closes it afterwards; the tests share contexts between commands
 * given the same settings.
 */
public final class CliSession {

    /** Where commands get their application context, and give it back. */
    public interface Contexts {
        ConfigurableApplicationContext open(CliContext.Kind kind, String command);

        /** The command is done with it: close it, or keep it for the next command. */
        void release(ConfigurableApplicationContext context);
    }

    /** A fresh context for every command, closed after it: what {@code holi} on a terminal does. */
    public static final Contexts FRESH = new Contexts() {
        @Override
        public ConfigurableApplicationContext open(CliContext.Kind kind, String command) {
            return CliContext.create(kind, java.util.Map.of());
        }

        @Override
        public void release(ConfigurableApplicationContext context) {
            context.close();
        }
    };

    private final Contexts contexts;
    private final InputStream in;

    public CliSession(Contexts contexts, InputStream in) {
        this.contexts = contexts;
        this.in = in;
    }

    InputStream in() {
        return in;
    }

    /** The context for a command; {@code close()} on it gives it back instead of closing it outright. */
    ConfigurableApplicationContext context(CliContext.Kind kind, String command) {
        System.setProperty("holi.command", command);
        ConfigurableApplicationContext context = contexts.open(kind, command);
        return (ConfigurableApplicationContext) Proxy.newProxyInstance(CliSession.class.getClassLoader(),
                new Class<?>[]{ConfigurableApplicationContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        contexts.release(context);
                        return null;
                    }
                    try {
                        return method.invoke(context, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
