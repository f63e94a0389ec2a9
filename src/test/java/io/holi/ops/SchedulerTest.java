package io.holi.ops;

import io.holi.platform.DatabaseUrl;
import io.holi.testing.TwoInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances serving from one database ({@link TwoInstances}): each scheduled run happens once, and is recorded. */
@ResourceLock(TwoInstances.LOCK)
class SchedulerTest {

    @Test
    void eachRunHappensOnceWhateverTheNumberOfInstances() throws Exception {
        DatabaseUrl db = TwoInstances.get().database();
        long revokes = count(db, "SELECT count(*) FROM holi_ops.scheduled_runs WHERE job = 'access.revoke-expired'");
        long seals = count(db, "SELECT count(*) FROM holi_ops.scheduled_runs WHERE job = 'audit.seal-archive'");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_logs (action, outcome) SELECT 'READ', 'SUCCESS' FROM generate_series(1, 10)");
        }
        long written = count(db, "SELECT max(id) FROM audit_logs");
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> count(db, "SELECT count(*) FROM holi_ops.scheduled_runs "
                + "WHERE job = 'access.revoke-expired'") >= revokes + 4);
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> count(db, "SELECT count(*) FROM holi_ops.scheduled_runs "
                + "WHERE job = 'audit.seal-archive'") >= seals + 2
                && count(db, "SELECT coalesce(max(last_id), 0) FROM holi_ops.audit_seals") >= written);
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
        // the sealer ran too: the records written here are sealed
        assertThat(count(db, "SELECT coalesce(max(last_id), 0) FROM holi_ops.audit_seals")).isGreaterThanOrEqualTo(written);
    }

    private static long count(DatabaseUrl db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
