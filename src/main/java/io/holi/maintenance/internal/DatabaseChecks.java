package io.holi.maintenance.internal;

import io.holi.maintenance.PatroniCluster;
import io.holi.maintenance.ReplicaProperties;
import io.holi.platform.HoliException;
import io.holi.platform.Check;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The daily checklist's questions about the database (manual 2.1 step 4), asked of PostgreSQL itself. */
@Configuration(proxyBeanMethods = false)
class DatabaseChecks {

    @Bean
    OperationalCheck databaseLatency(JdbcClient jdbc, DatabaseCheckThresholds t) {
        return OperationalCheck.of("Database latency", Cadence.DAILY, 40, () -> {
            long total = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                jdbc.sql("SELECT 1").query(Integer.class).single();
                total += System.nanoTime() - t0;
            }
            return List.of(latency(total / 5 / 1e6, t));
        });
    }

    @Bean
    OperationalCheck databaseConnections(JdbcClient jdbc, DatabaseCheckThresholds t) {
        return OperationalCheck.of("Database connections", Cadence.DAILY, 50, () -> {
            Map<String, Object> r = jdbc.sql("SELECT count(*) AS used, current_setting('max_connections')::int AS max "
                    + "FROM pg_stat_activity WHERE backend_type = 'client backend'").query().singleRow();
            return List.of(connections(((Number) r.get("used")).longValue(), ((Number) r.get("max")).longValue(), t));
        });
    }

    @Bean
    OperationalCheck replicationLag(JdbcClient jdbc, ReplicaProperties replica, DatabaseCheckThresholds t) {
        return OperationalCheck.of("Replication lag", Cadence.DAILY, 60, () -> List.of(replica.patroni()
                ? fromPatroni(replica, t) : replica.configured() ? fromReplica(replica, t) : fromPrimary(jdbc, t)));
    }

    @Bean
    OperationalCheck pgAudit(JdbcClient jdbc) {
        return OperationalCheck.of("pgAudit", Cadence.DAILY, 100, () -> {
            Map<String, Object> r = jdbc.sql("""
                    SELECT current_setting('shared_preload_libraries') LIKE '%pgaudit%' AS loaded,
                           EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgaudit') AS installed""").query().singleRow();
            boolean loaded = Boolean.TRUE.equals(r.get("loaded"));
            boolean ok = loaded && Boolean.TRUE.equals(r.get("installed"));
            return List.of(Check.of("pgAudit", ok, Check.Status.WARNING, ok ? "active (pgaudit.log for other roles: see holi db status)"
                            : (loaded ? "loaded but the extension is not created" : "not loaded"), "active",
                    "statements of people and temporary roles are not logged: shared_preload_libraries = 'pgaudit', "
                            + "CREATE EXTENSION pgaudit, ALTER SYSTEM SET pgaudit.log = 'all' (the application role sets its own to 'none')"));
        });
    }

    static Check latency(double ms, DatabaseCheckThresholds t) {
        return Check.of("Database latency", ms < t.latency().toMillis(), Check.Status.WARNING, String.format(Locale.ROOT, "%.1f ms", ms),
                "< " + t.latency().toMillis() + " ms", "see holi db status and holi db slow-queries (runbook DATABASE_FAILURE.md)");
    }

    static Check connections(long used, long max, DatabaseCheckThresholds t) {
        double share = (double) used / max;
        Check.Status s = share < t.connectionsWarning() ? Check.Status.OK : share < t.connectionsFailure() ? Check.Status.WARNING
                : Check.Status.FAILURE;
        return new Check("Database connections", s, used + "/" + max + String.format(Locale.ROOT, " (%.0f %%)", 100 * share),
                String.format(Locale.ROOT, "< %.0f %%", 100 * t.connectionsWarning()),
                s == Check.Status.OK ? "" : "holi db connections; holi db kill-idle --older-than 10m (runbook DATABASE_CONNECTIONS.md)")
                .withFact("connections", used);
    }

    /** The verdict on a replay lag in bytes, described as {@code value}. */
    static Check lag(long bytes, String value, DatabaseCheckThresholds t) {
        return Check.of("Replication lag", bytes < t.replicationLag().toBytes(), Check.Status.WARNING, value,
                "< " + t.replicationLag().toMegabytes() + " MB", "runbook REPLICATION_LAG.md");
    }

    private static Check fromPatroni(ReplicaProperties replica, DatabaseCheckThresholds t) {
        try {
            return PatroniCluster.read(replica.patroniUrls()).check("Replication lag", t.replicationLag().toBytes());
        } catch (HoliException e) {
            return Check.failure("Replication lag", e.getMessage(), "a leader", "runbook DATABASE_FAILURE.md");
        }
    }

    private static Check fromReplica(ReplicaProperties replica, DatabaseCheckThresholds t) {
        DatabaseUrl r = DatabaseUrl.parse(replica.replicaUrl());
        try (Connection c = DriverManager.getConnection(r.jdbcUrl(), r.username(), r.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), "
                     + "pg_last_wal_replay_lsn()), 0)")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Check.failure("Replication lag", "READ_REPLICA_URL is not a replica", "< 1 MB", "check READ_REPLICA_URL");
            }
            long lag = rs.getLong(2);
            return lag(lag, lag == 0 ? "up to date" : (lag / 1024) + " KB", t);
        } catch (SQLException e) {
            return Check.failure("Replication lag", "replica unreachable (" + e.getSQLState() + ")", "< 1 MB", "runbook REPLICATION_LAG.md");
        }
    }

    private static Check fromPrimary(JdbcClient jdbc, DatabaseCheckThresholds t) {
        List<Map<String, Object>> replicas = jdbc.sql("SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0) AS lag "
                + "FROM pg_stat_replication").query().listOfRows();
        if (replicas.isEmpty()) {
            return Check.skipped("Replication lag", "no replica configured");
        }
        long worst = replicas.stream().mapToLong(m -> ((Number) m.get("lag")).longValue()).max().orElse(0);
        return lag(worst, replicas.size() + " replica(s), worst " + (worst / 1024) + " KB behind", t);
    }
}
