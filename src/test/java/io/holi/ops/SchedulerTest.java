package io.holi.ops;

import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances serving from one database: each scheduled run happens once, and is recorded. */
class SchedulerTest {

    private static ConfigurableApplicationContext instance(DatabaseUrl db) {
        return new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS,
                "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.ops.schedule.expired-access=*/2 * * * * *", "--holi.ops.schedule.seal-and-archive=*/3 * * * * *",
                "--holi.ops.schedule.daily-checks=-", "--holi.ops.schedule.weekly-checks=-", "--holi.ops.schedule.monthly-checks=-",
                "--holi.ops.schedule.anomalies=-", "--holi.ops.schedule.backup=-", "--holi.ops.schedule.retention=-",
                "--holi.storage.url=" + java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "holi-sched-" + db.database()).toUri());
    }

    @Test
    void eachRunHappensOnceWhateverTheNumberOfInstances() throws Exception {
        DatabaseUrl db = TestPostgres.newDatabase("sched");
        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        try {
            instances.add(instance(db));
            instances.add(instance(db));
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
                s.execute("INSERT INTO audit_logs (action, outcome) SELECT 'READ', 'SUCCESS' FROM generate_series(1, 10)");
            }
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> count(db, "SELECT count(*) FROM holi_ops.scheduled_runs "
                    + "WHERE job = 'access.revoke-expired'") >= 4);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> count(db, "SELECT count(*) FROM holi_ops.scheduled_runs "
                    + "WHERE job = 'audit.seal-archive'") >= 2
                    && count(db, "SELECT count(*) FROM holi_ops.audit_seals") > 0);
        } finally {
            instances.forEach(ConfigurableApplicationContext::close);
        }
        // every due time of every job ran exactly once (the primary key would refuse a second), spaced as the cron says
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT job, scheduled_for, instance FROM holi_ops.scheduled_runs ORDER BY job, scheduled_for")) {
            String lastJob = null;
            java.time.Instant last = null;
            int rows = 0;
            while (rs.next()) {
                rows++;
                java.time.Instant at = rs.getTimestamp(2).toInstant();
                if (rs.getString(1).equals(lastJob)) {
                    assertThat(Duration.between(last, at).toMillis()).as("two runs of one due time").isGreaterThanOrEqualTo(1000);
                }
                lastJob = rs.getString(1);
                last = at;
            }
            assertThat(rows).isGreaterThanOrEqualTo(6);
        }
        // the sealer ran too: the audit rows of the instances' start are sealed
        assertThat(count(db, "SELECT count(*) FROM holi_ops.audit_seals")).isPositive();
    }

    private static long count(DatabaseUrl db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
