package io.holi.cli;

import io.holi.HoliApplication;
import io.holi.database.HoliDatabase;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the API on HOLI_PORT (default 8080).",
                "Without DATABASE_URL it runs its own PostgreSQL in ./holi-data and creates a first administrator "
                        + "(password printed once and kept in holi-data/initial-admin-password).",
                "SIGTERM or Ctrl-C: stop taking requests, finish those in flight, stop the embedded PostgreSQL."})
class ServeCommand extends Verb {

    @Option(names = "--port", description = "HTTP port (default: HOLI_PORT or 8080)")
    Integer port;

    @Option(names = "--data-dir", description = "embedded data directory (default: HOLI_DATA_DIR or ./holi-data)")
    Path dataDir;

    @Option(names = "--demo", description = "create the demo clinic at start (once) and print its logins")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        if (demo) {
            args.add("--holi.demo=true");
        }
        if (port != null) {
            args.add("--server.port=" + port);
        }
        if (dataDir != null) {
            args.add("--holi.data-dir=" + dataDir);
        }
        CountDownLatch closed = new CountDownLatch(1);
        System.setProperty("holi.command", "serve");
        List<String> properties = new ArrayList<>(List.of("holi.mode=serve"));
        if (onTerminal() && System.getenv("HOLI_LOG_FORMAT") == null) {
            // a person reads this: time, level, message; JSON lines (ECS) stay for log shippers and HOLI_LOG_FORMAT.
            // Command-line arguments, so that they win over application.yml's ECS default.
            args.add("--logging.structured.format.console=");
            args.add("--logging.pattern.console=%d{HH:mm:ss.SSS} %-5level %msg%n");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HoliApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .properties(properties.toArray(String[]::new))
                .listeners(event -> {
                    if (event instanceof ContextClosedEvent) {
                        closed.countDown();
                    }
                })
                .run(args.toArray(String[]::new));
        HoliDatabase database = context.getBean(HoliDatabase.class);
        String where = database.mode() == HoliDatabase.Mode.EMBEDDED
                ? "embedded PostgreSQL in " + database.cluster().orElseThrow().home().home()
                : "database " + database.url();
        String port = context.getEnvironment().getProperty("local.server.port");
        out().printf("holi is ready on http://localhost:%s (%s)%n", port, where);
        out().printf("Open http://localhost:%s/ in a browser to sign in.%n", port);
        out().flush();
        closed.await();
        return Cli.SERVED;
    }

    /** Whether standard input and output are a terminal (Java 22 added Console.isTerminal; before it, console() says so). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }
}
