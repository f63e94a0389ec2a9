package io.holi.pitr.internal;

import io.holi.pitr.PitrService;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/** The monthly question about point-in-time recovery (the manual's RPO of 15 minutes), asked of pgBackRest. */
@Configuration(proxyBeanMethods = false)
class PitrChecks {

    @Bean
    OperationalCheck pointInTimeRecovery(JdbcClient jdbc, ObjectProvider<PitrService> pitr) {
        return OperationalCheck.of("Point-in-time recovery", Cadence.MONTHLY, 20, () -> {
            String mode = jdbc.sql("SELECT current_setting('archive_mode')").query(String.class).single();
            if ("off".equals(mode)) {
                return List.of(Check.warning("Point-in-time recovery", "WAL archiving off", "on, archive current",
                        "holi pitr setup (RPO 15 min)"));
            }
            var c = pitr.getObject().check();
            return List.of(Check.of("Point-in-time recovery", c.ok(), Check.Status.FAILURE, c.ok() ? c.backups() + " backups, archive current"
                    : c.problem().orElse(""), "on, archive current", "runbook WAL_ARCHIVING.md"));
        });
    }
}
