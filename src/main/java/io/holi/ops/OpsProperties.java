package io.holi.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The checklists' own settings; where they look at the running system is the health module's
 * {@code MonitoringProperties} and the maintenance module's {@code ReplicaProperties}, under the same prefix.
 *
 * @param complianceDir where the vendors and quarterly compliance files are (deploy/compliance)
 * @param schedule      when holi serve runs the procedures by itself
 */
@ConfigurationProperties("holi.ops")
public record OpsProperties(@DefaultValue("deploy/compliance") Path complianceDir, @DefaultValue Schedule schedule) {

    /**
     * Cron expressions (second minute hour day month weekday); "-" turns a job off. The checklists and the retention
     * run in the clinic's time zone (HOLI_CLINIC_TIME_ZONE); backups at 02:00 UTC, as the manual says.
     */
    public record Schedule(@DefaultValue("true") boolean enabled,
                           @DefaultValue("0 0 9 * * *") String dailyChecks,
                           @DefaultValue("0 0 10 * * MON") String weeklyChecks,
                           @DefaultValue("0 0 14 1-7 * MON") String monthlyChecks,
                           @DefaultValue("0 0 * * * *") String anomalies,
                           @DefaultValue("0 */5 * * * *") String sealAndArchive,
                           @DefaultValue("0 0 2 * * *") String backup,
                           @DefaultValue("0 30 3 * * SUN") String retention,
                           @DefaultValue("0 */5 * * * *") String expiredAccess,
                           @DefaultValue("0 15 * * * *") String breachReminders) {
    }
}
