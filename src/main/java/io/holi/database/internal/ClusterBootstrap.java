package io.holi.database.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a started cluster needs before holi connects: the application role (no superuser, owner of its database,
 * allowed to read statistics and to create the expiring roles of {@code holi access grant-temp}), its database,
 * and the extensions only a superuser may create.
 */
public final class ClusterBootstrap {

    /** A superuser connection to one database of the cluster. */
    @FunctionalInterface
    public interface Superuser {
        Connection connect(String database) throws SQLException;
    }

    private final Superuser superuser;
    private final String appRole;
    private final boolean pgAudit;

    public ClusterBootstrap(Superuser superuser, String appRole, boolean pgAudit) {
        this.superuser = superuser;
        this.appRole = appRole;
        this.pgAudit = pgAudit;
    }

    public void prepare(String appPassword, String appDatabase) throws IOException {
        try (Connection c = superuser.connect("postgres"); Statement s = c.createStatement()) {
            boolean roleExists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = " + quote(appRole))) {
                roleExists = rs.next();
            }
            String verb = roleExists ? "ALTER" : "CREATE";
            s.execute(verb + " ROLE " + appRole + " LOGIN CREATEROLE PASSWORD " + quote(appPassword));
            // statistics for the checks; ending the sessions of expired temporary roles (holi access revoke-expired)
            s.execute("GRANT pg_monitor, pg_signal_backend TO " + appRole);
            createDatabase(s, appDatabase);
        } catch (SQLException e) {
            throw new IOException("could not prepare the application role in the embedded PostgreSQL: " + e.getMessage(), e);
        }
        installExtensions(appDatabase);
    }

    /** Creates a database owned by the application role, with the superuser's extensions. */
    public void createDatabase(String name) throws IOException {
        try (Connection c = superuser.connect("postgres"); Statement s = c.createStatement()) {
            createDatabase(s, name);
        } catch (SQLException e) {
            throw new IOException("could not create database " + name + ": " + e.getMessage(), e);
        }
        installExtensions(name);
    }

    private void createDatabase(Statement s, String name) throws SQLException {
        try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + quote(name))) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\" OWNER " + appRole);
            }
        }
    }

    /** Extensions that only a superuser may create; the application's migrations create the trusted ones. */
    private void installExtensions(String database) throws IOException {
        try (Connection c = superuser.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            if (pgAudit) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pgaudit");
                // the application role's statements are audited by holi itself, in audit_logs
                s.execute("ALTER ROLE " + appRole + " SET pgaudit.log = 'none'");
            }
        } catch (SQLException e) {
            throw new IOException("could not install extensions in " + database + ": " + e.getMessage(), e);
        }
    }

    public static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }
}
