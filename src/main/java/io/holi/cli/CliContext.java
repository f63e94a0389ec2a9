package io.holi.cli;

import io.holi.HoliApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server, for one command: same configuration, same database, same
 * module APIs as {@code holi serve}. With the embedded default it uses a serving instance's cluster, or
 * starts the cluster for the command and stops it again afterwards.
 */
final class CliContext {

    private CliContext() {
    }

    static ConfigurableApplicationContext open(String command) {
        return open(command, new String[0]);
    }

    /**
     * For the operational commands (backup, restore, PITR, checks): beans are made only when used and the
     * schema is not migrated at start, so they work when the database is empty, unreachable, or about to be
     * replaced by a restore.
     */
    static ConfigurableApplicationContext forOperations(String command) {
        return open(command, "spring.main.lazy-initialization=true", "spring.flyway.enabled=false");
    }

    /** For checks and audit procedures: beans made only when used, the schema migrated as usual. */
    static ConfigurableApplicationContext forChecks(String command) {
        return open(command, "spring.main.lazy-initialization=true");
    }

    private static ConfigurableApplicationContext open(String command, String... extra) {
        System.setProperty("holi.command", command);
        String[] base = {"holi.mode=cli", "logging.level.root=WARN", "logging.level.io.holi=WARN",
                "logging.structured.format.console=", "spring.main.register-shutdown-hook=true"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(HoliApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(java.util.Arrays.stream(all).map(p -> "--" + p).toArray(String[]::new));
    }
}
