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
        System.setProperty("holi.command", command);
        return new SpringApplicationBuilder(HoliApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("holi.mode=cli", "logging.level.root=WARN", "logging.level.io.holi=WARN",
                        "logging.structured.format.console=",
                        "spring.main.register-shutdown-hook=true")
                .run();
    }
}
