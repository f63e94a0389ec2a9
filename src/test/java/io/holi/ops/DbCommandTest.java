package io.holi.ops;

import io.holi.testing.CommandLineTest;
import io.holi.testing.CliRunner.Run;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** holi db: the manual's SQL against a real database in the states it is meant to find. */
class DbCommandTest extends CommandLineTest {

    @BeforeAll
    static void database() {
        assertThat(holi("users", "list").exitCode()).isZero();
    }

    private static Connection connect(String applicationName) throws Exception {
        return DriverManager.getConnection(DATABASE.jdbcUrl(Map.of("ApplicationName", applicationName)), DATABASE.username(), DATABASE.password());
    }

    private static Run holi(String... args) {
        return command("", args);
    }

    @Test
    void statusAndConnectionsDescribeTheDatabase() throws Exception {
        try (Connection c = connect("clinic-report-tool")) {
            Run status = holi("db", "status");
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(status.out()).contains("PostgreSQL 15").contains("CONNECTIONS").contains("clinic-report-tool");
            assertThat(holi("db", "connections").out()).contains("clinic-report-tool").contains("idle");
        }
    }

    @Test
    void slowQueriesAreListedAboveTheThreshold() throws Exception {
        try (Connection c = connect("slow"); Statement s = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                s.execute("SELECT pg_sleep(0.15) AS slow_query_marker");
            }
        }
        Run slow = holi("db", "slow-queries", "--min-ms", "100");
        assertThat(slow.exitCode()).as(slow.all()).isZero();
        assertThat(slow.out()).contains("slow_query_marker").contains("MEAN_MS");
    }

    @Test
    void deadRowsShowAsBloatUntilVacuumed() throws Exception {
        try (Connection c = connect("bloat"); Statement s = c.createStatement()) {
            // autovacuum off for this table: on a busy machine it could clear the dead rows between two looks at them
            s.execute("CREATE TABLE churn WITH (autovacuum_enabled = false) AS SELECT g AS id, md5(g::text) AS v "
                    + "FROM generate_series(1, 20000) g");
            s.execute("DELETE FROM churn WHERE id % 10 <> 0");
        }
        String bloat = Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> holi("db", "bloat").out(), o -> o.contains("churn"));
        assertThat(bloat).contains("18000").contains("90.00");
        Run vacuum = holi("db", "vacuum", "--table", "churn");
        assertThat(vacuum.exitCode()).as(vacuum.all()).isZero();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !holi("db", "bloat").out().contains("churn"));
        assertThat(holi("db", "vacuum", "--table", "no_such_table").exitCode()).isEqualTo(2);
        assertThat(holi("db", "unused-indexes").out()).contains("enforces uniqueness: keep");
    }

    @Test
    void idleSessionsAreListedThenEnded() throws Exception {
        try (Connection idle = connect("forgotten-session")) {
            idle.createStatement().execute("SELECT 1");
            // the session has to age past the threshold; the dry run lists it once it has
            Run dry = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> holi("db", "kill-idle", "--older-than", "1s", "--dry-run"), r -> r.out().contains("forgotten-session"));
            assertThat(dry.out()).contains("Would end").contains("forgotten-session");
            assertThat(idle.isValid(2)).isTrue();
            // isValid ran a query: the session is young again until it ages past the threshold once more
            Run kill = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> holi("db", "kill-idle", "--older-than", "1s"), r -> r.out().contains("forgotten-session"));
            assertThat(kill.out()).contains("Ended").contains("forgotten-session");
            assertThatThrownBy(() -> idle.createStatement().execute("SELECT 1")).isInstanceOf(java.sql.SQLException.class);
        }
    }
}
