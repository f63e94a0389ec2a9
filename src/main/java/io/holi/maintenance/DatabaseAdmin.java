package io.holi.maintenance;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.platform.HoliException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manual's database SQL (sections 2.1, 6.2, 7.2, 8.1) behind {@code holi db …}: the same questions, asked of
 * the live database, answered as tables with the manual's thresholds and the advice it gives.
 */
@Service
public class DatabaseAdmin {

    /** Rows and what to make of them. */
    public record Table(String title, List<String> columns, List<List<String>> rows, List<String> advice) {
    }

    private final JdbcClient jdbc;
    private final OperationRecords operations;
    private final ReplicaProperties ops;

    DatabaseAdmin(JdbcClient jdbc, OperationRecords operations, ReplicaProperties ops) {
        this.jdbc = jdbc;
        this.operations = operations;
        this.ops = ops;
    }

    private Table query(String title, String sql, List<String> advice, Object... params) {
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        jdbc.sql(sql).params(params).query(rs -> {
            ResultSetMetaData md = rs.getMetaData();
            if (columns.isEmpty()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i));
                }
            }
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.add(v == null ? "" : v.toString());
            }
            rows.add(row);
        });
        if (columns.isEmpty()) {
            jdbc.sql("SELECT * FROM (" + sql + ") q LIMIT 0").params(params).query(rs -> { });
        }
        return new Table(title, columns, rows, advice);
    }

    public List<Table> status() {
        List<Table> out = new ArrayList<>();
        out.add(query("Database", """
                SELECT current_database() AS database, split_part(version(), ' on ', 1) AS server,
                       pg_size_pretty(pg_database_size(current_database())) AS size,
                       date_trunc('second', now() - pg_postmaster_start_time())::text AS uptime,
                       (SELECT count(*) FROM pg_stat_activity) || '/' || current_setting('max_connections') AS connections,
                       (SELECT count(*) FROM pg_stat_activity WHERE state = 'active') AS active,
                       round(100.0 * blks_hit / nullif(blks_hit + blks_read, 0), 2) || ' %' AS cache_hit,
                       (SELECT coalesce(max(date_trunc('second', now() - xact_start))::text, '-') FROM pg_stat_activity
                         WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()) AS longest_transaction,
                       current_setting('archive_mode') AS archive_mode,
                       CASE WHEN current_setting('shared_preload_libraries') LIKE '%pgaudit%' THEN 'loaded' ELSE 'not loaded' END AS pgaudit
                  FROM pg_stat_database WHERE datname = current_database()""",
                List.of("connections should stay under 80 % of max_connections (manual 2.1: < 20 of 25)",
                        "cache hit under 99 % on a busy database: shared_buffers is too small for the working set")));
        out.add(connections());
        out.add(replication());
        return out;
    }

    public Table connections() {
        return query("Connections by application and state (manual 8.1.2)", """
                SELECT coalesce(nullif(application_name, ''), '(none)') AS application, coalesce(state, '(background)') AS state,
                       count(*) AS connections, date_trunc('second', max(now() - state_change))::text AS longest_in_state
                  FROM pg_stat_activity WHERE backend_type = 'client backend'
                 GROUP BY 1, 2 ORDER BY 3 DESC""",
                List.of("too many connections: holi db kill-idle --older-than 10m --dry-run, then without --dry-run",
                        "lasting pressure: raise PgBouncer's default_pool_size or max_connections (needs a restart)"));
    }

    public Table slowQueries(int minMs, int limit) {
        boolean present = jdbc.sql("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'").query(Long.class).single() > 0;
        if (!present) {
            throw new HoliException(HoliException.Kind.UNAVAILABLE, "pg_stat_statements is not installed in this database: "
                    + "shared_preload_libraries = 'pg_stat_statements' and CREATE EXTENSION pg_stat_statements (the embedded cluster has it)");
        }
        return query("Queries averaging over " + minMs + " ms (manual 6.2)", """
                SELECT round(mean_exec_time::numeric, 1) AS mean_ms, round(max_exec_time::numeric, 1) AS max_ms, calls,
                       round(total_exec_time::numeric) AS total_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
                  FROM pg_stat_statements
                 WHERE mean_exec_time > ? AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                 ORDER BY mean_exec_time DESC LIMIT ?""",
                List.of("EXPLAIN (ANALYZE, BUFFERS) the query: a missing index shows as a Seq Scan over many rows",
                        "the manual's example: a trigram index for LIKE '%…%' searches"), minMs, limit);
    }

    public Table unusedIndexes() {
        return query("Indexes never used since statistics were reset (manual 7.2.2)", """
                SELECT s.schemaname AS schema, s.relname AS "table", s.indexrelname AS index,
                       pg_size_pretty(pg_relation_size(s.indexrelid)) AS size, s.idx_scan AS scans,
                       CASE WHEN i.indisunique THEN 'enforces uniqueness: keep' ELSE 'candidate for removal' END AS verdict
                  FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
                 WHERE s.idx_scan = 0 AND s.indexrelname NOT LIKE 'pg_toast%'
                 ORDER BY pg_relation_size(s.indexrelid) DESC""",
                List.of("statistics count since the last reset (" + statsReset() + "): an index for a monthly report may look unused",
                        "drop a candidate with DROP INDEX CONCURRENTLY, in a migration"));
    }

    private String statsReset() {
        return jdbc.sql("SELECT coalesce(stats_reset::text, 'never') FROM pg_stat_database WHERE datname = current_database()")
                .query(String.class).single();
    }

    public Table bloat() {
        return query("Tables with dead rows (manual 7.2.3)", """
                SELECT schemaname AS schema, relname AS "table", pg_size_pretty(pg_total_relation_size(relid)) AS size,
                       n_dead_tup AS dead_rows, n_live_tup AS live_rows,
                       round(n_dead_tup * 100.0 / nullif(n_live_tup + n_dead_tup, 0), 2) AS dead_pct,
                       coalesce(greatest(last_vacuum, last_autovacuum)::text, 'never') AS last_vacuum
                  FROM pg_stat_user_tables WHERE n_dead_tup > 1000 ORDER BY n_dead_tup DESC""",
                List.of("dead_pct over 20 %: holi db vacuum --table <table> now; VACUUM FULL (or pg_repack) reclaims disk but locks the table",
                        "autovacuum not keeping up: lower autovacuum_vacuum_scale_factor for that table"));
    }

    /** VACUUM ANALYZE of one table or the whole database (manual 7.2.1). */
    public Table vacuum(String table) {
        Instant started = Instant.now();
        if (table != null && !table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw HoliException.invalid("--table", "'" + table + "' is not a table name");
        }
        if (table != null && jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(table).query(Boolean.class).single() != Boolean.TRUE) {
            throw HoliException.invalid("--table", "there is no table " + table);
        }
        jdbc.sql(table == null ? "VACUUM (ANALYZE)" : "VACUUM (ANALYZE) " + table).update();
        Duration took = Duration.between(started, Instant.now());
        operations.record("db.vacuum", table == null ? "database" : table, started, RunOutcome.SUCCESS, Map.of("seconds", took.toMillis() / 1000.0));
        return new Table("VACUUM ANALYZE " + (table == null ? "(every table)" : table), List.of("took"),
                List.of(List.of(took.toMillis() + " ms")), List.of());
    }

    /** Idle sessions of this database older than {@code olderThan} (manual 8.1.2, option 1); ended unless a dry run. */
    public Table killIdle(Duration olderThan, boolean dryRun) {
        if (olderThan.compareTo(Duration.ofSeconds(1)) < 0) {
            throw HoliException.invalid("--older-than", "at least 1s");
        }
        Instant started = Instant.now();
        Table sessions = query((dryRun ? "Would end" : "Ended") + " idle sessions older than " + olderThan.toSeconds() + " s", """
                SELECT pid, usename AS "user", coalesce(nullif(application_name, ''), '(none)') AS application,
                       coalesce(host(client_addr), 'local') AS client, date_trunc('second', now() - state_change)::text AS idle_for,
                       CASE WHEN ? THEN false ELSE pg_terminate_backend(pid) END AS ended
                  FROM pg_stat_activity
                 WHERE datname = current_database() AND state = 'idle' AND backend_type = 'client backend'
                   AND pid <> pg_backend_pid() AND state_change < now() - make_interval(secs => ?)
                 ORDER BY state_change""", List.of("a pool (holi's HikariCP, PgBouncer) opens what it needs again"), dryRun,
                (double) olderThan.toSeconds());
        if (!dryRun) {
            operations.record("db.kill-idle", null, started, RunOutcome.SUCCESS, Map.of("ended", sessions.rows().size(),
                    "olderThanSeconds", olderThan.toSeconds()));
        }
        return sessions;
    }

    /** The Patroni cluster first when HOLI_PATRONI_URLS is set, then the primary's own view. */
    public List<Table> replicationReport() {
        List<Table> tables = new ArrayList<>();
        if (ops.patroni()) {
            tables.add(PatroniCluster.read(ops.patroniUrls()).table());
        }
        tables.add(replication());
        return tables;
    }

    public Table replication() {
        Table t = query("Replication (primary's view)", """
                SELECT application_name AS replica, coalesce(host(client_addr), 'local') AS client, state, sync_state,
                       pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) AS replay_behind,
                       coalesce(replay_lag::text, '-') AS replay_lag
                  FROM pg_stat_replication ORDER BY 1""",
                List.of("lag over 1 MB (manual 2.1) or growing: runbook REPLICATION_LAG.md"));
        if (ops.replicaUrl() != null && !ops.replicaUrl().isBlank()) {
            var r = io.holi.platform.DatabaseUrl.parse(ops.replicaUrl());
            try (var c = java.sql.DriverManager.getConnection(r.jdbcUrl(), r.username(), r.password()); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 'Up to date' "
                         + "ELSE 'Lag: ' || (pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) / 1024)::text || ' KB' END")) {
                rs.next();
                List<List<String>> rows = new ArrayList<>(t.rows());
                rows.add(List.of("READ_REPLICA_URL", r.host(), rs.getString(1), "", "", ""));
                return new Table(t.title(), t.columns(), rows, t.advice());
            } catch (java.sql.SQLException e) {
                throw new HoliException(HoliException.Kind.UNAVAILABLE, "the replica at READ_REPLICA_URL cannot be reached: " + e.getMessage(), e);
            }
        }
        return t;
    }
}
