package io.holi.backup.internal;

import io.holi.audit.AuditTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a backup records about its database, and what a restore checks against it. */
public final class DatabaseFacts {

    /** Schemas that belong to the target, never to a backup restored into it (see V5__operations.sql). */
    public static final String OPS_SCHEMA = "holi_ops";

    private DatabaseFacts() {
    }

    /** Tables holding data, as {@code schema.table}: partitioned tables once (their partitions are counted in them). */
    public static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname, c.relname
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                   AND d.objid = c.oid AND d.deptype = 'e')
                 ORDER BY 1, 2""")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    public static Map<String, Long> rowCounts(Connection c, List<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(t))) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** A target is empty when it holds no table of its own (extensions' tables do not count). */
    public static boolean empty(Connection c) throws SQLException {
        return tables(c).isEmpty();
    }

    public static boolean hasSchema(Connection c, String schema) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static Optional<String> schemaVersion(Connection c) throws SQLException {
        if (!hasTable(c, "public.flyway_schema_history")) {
            return Optional.empty();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM public.flyway_schema_history WHERE success AND version IS NOT NULL "
                        + "ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    public static long maxAuditId(Connection c) throws SQLException {
        if (!hasTable(c, AuditTables.TRAIL)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(AuditTables.maxIdSql())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static boolean hasTable(Connection c, String qualified) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quote(qualified));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public static List<String> extensions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static boolean superuser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** {@code schema.table} → {@code "schema"."table"}. */
    public static String quote(String qualified) {
        int dot = qualified.indexOf('.');
        return ident(qualified.substring(0, dot)) + "." + ident(qualified.substring(dot + 1));
    }

    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
