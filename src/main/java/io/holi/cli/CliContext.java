package io.holi.cli;

import io.holi.HoliApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The application without its web server, for commands: same configuration, same database, same module APIs as
 * {@code holi serve}. With the embedded default it uses a serving instance's cluster, or starts the cluster for the
 * command and stops it again when the context closes.
 */
public final class CliContext {

    /** What a command needs of the application. */
    public enum Kind {
        /**
         * the application's records (users, keys, demo, maintenance, checks, audit, incidents): the schema migrated
         * at start as {@code holi serve} does; beans made only when a command uses them, so a command starts no more
         * of the application than it needs
         */
        APPLICATION("holi.mode=cli", "spring.main.lazy-initialization=true"),
        /**
         * backup, restore, PITR: beans made only when used and the schema not migrated, so they work when the
         * database is empty, unreachable, or about to be replaced by a restore
         */
        OPERATIONS("holi.mode=cli", "spring.main.lazy-initialization=true", "spring.flyway.enabled=false");

        private final List<String> properties;

        Kind(String... properties) {
            this.properties = List.of(properties);
        }
    }

    private CliContext() {
    }

    /** A new context of this kind; {@code settings} take precedence over the environment (the tests use them). */
    public static ConfigurableApplicationContext create(Kind kind, Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        for (String p : List.of("logging.level.root=WARN", "logging.level.io.holi=WARN", "logging.structured.format.console=",
                "spring.main.register-shutdown-hook=true")) {
            args.add("--" + p);
        }
        kind.properties.forEach(p -> args.add("--" + p));
        if (!settings.containsKey("holi.database.pool-size")) {
            // a command works one statement at a time: a few connections, not the server's twenty
            args.add("--holi.database.pool-size=${HOLI_DATABASE_POOL_SIZE:4}");
        }
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(HoliApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
    }
}
