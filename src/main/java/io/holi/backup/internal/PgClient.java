package io.holi.backup.internal;

import io.holi.platform.DatabaseUrl;
import io.holi.database.PostgresBinaries;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql) pointed at a database: the password goes in
 * the environment, never on the command line where {@code ps} would show it.
 */
public final class PgClient {

    private final PostgresBinaries binaries;

    public PgClient(PostgresBinaries binaries) {
        this.binaries = binaries;
    }

    public List<String> command(String tool, DatabaseUrl db, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binaries.tool(tool).toString());
        cmd.add(tool.equals("pg_restore") ? "--dbname=" + conninfo(db) : conninfo(db));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A tool that does not connect (pg_restore --list, -f -). */
    public List<String> offline(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binaries.tool(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static Map<String, String> env(DatabaseUrl db) {
        Map<String, String> env = new LinkedHashMap<>();
        if (db.password() != null) {
            env.put("PGPASSWORD", db.password());
        }
        env.put("PGAPPNAME", "holi-backup");
        env.put("PGCONNECT_TIMEOUT", "10");
        env.put("PGOPTIONS", "-c statement_timeout=0 -c lock_timeout=0");
        return env;
    }

    public static String conninfo(DatabaseUrl db) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("host", db.host());
        kv.put("port", String.valueOf(db.port()));
        kv.put("dbname", db.database());
        kv.put("user", db.username());
        db.parameter("sslmode").ifPresent(v -> kv.put("sslmode", v));
        db.parameter("sslrootcert").ifPresent(v -> kv.put("sslrootcert", v));
        StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> sb.append(k).append("='").append(v.replace("\\", "\\\\").replace("'", "\\'")).append("' "));
        return sb.toString().strip();
    }

    public static Connection connect(DatabaseUrl db) throws SQLException {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("ApplicationName", "holi-backup");
        extra.put("connectTimeout", "10");
        return DriverManager.getConnection(db.jdbcUrl(extra), db.username(), db.password());
    }

    public String version(String tool) {
        try {
            var r = io.holi.platform.OsProcess.run(offline(tool, "--version"), java.time.Duration.ofSeconds(20));
            return r.output().strip();
        } catch (java.io.IOException e) {
            return tool + " (version unknown)";
        }
    }
}
