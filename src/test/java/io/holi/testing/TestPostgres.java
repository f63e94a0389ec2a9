package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL cluster for the whole test JVM (started through the same code as the embedded
 * default, as the postgres user when the tests run as root); each test class that needs isolation
 * gets its own database in it.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedCluster cluster;
    private static String template;

    private TestPostgres() {
    }

    public static synchronized EmbeddedCluster cluster() {
        if (cluster == null) {
            try {
                Path home = Files.createTempDirectory("holi-test-pg");
                // durability is not under test here: skip fsync so the suite stays fast
                EmbeddedCluster c = EmbeddedCluster.at(home)
                        .withSettings(List.of("fsync = off", "full_page_writes = off", "max_connections = 300"));
                c.start();
                cheapSignIns(c);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        c.destroy();
                    } catch (IOException ignored) {
                        // the temporary directory goes with the machine
                    }
                }));
                cluster = c;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return cluster;
    }

    /**
     * The application role's password stored as a SCRAM secret of 16 iterations instead of PostgreSQL's 4,096. The
     * client side of a SCRAM sign-in runs those iterations on every new connection (PBKDF2), and the application's pools
     * in the test JVM open hundreds: with 4,096 the sign-ins took 8 % of its CPU in a suite run (JFR). Same password,
     * same authentication method and exchange; only the work factor of this test cluster's role is lower (holi's own
     * clusters keep PostgreSQL's). The superuser keeps 4,096: postgres_exporter's Go driver refuses fewer
     * ("invalid SCRAM-SHA-256 iteration count"), as RFC 7677 recommends.
     */
    private static void cheapSignIns(EmbeddedCluster c) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        DatabaseUrl app = c.application();
        try (Connection conn = c.connectAsSuperuser("postgres"); Statement s = conn.createStatement()) {
            s.execute("ALTER ROLE \"" + app.username() + "\" PASSWORD '"
                    + org.postgresql.util.PasswordUtil.encodeScramSha256(app.password().toCharArray(), 16, salt) + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the application role's password: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh database owned by the application role, already migrated to this version of holi: a copy of a
     * template database that was migrated once for the whole test JVM ({@code CREATE DATABASE … TEMPLATE}).
     */
    public static synchronized DatabaseUrl newDatabase(String prefix) {
        String name = uniqueName(prefix);
        copyTemplate(name, false);
        return cluster().application().withDatabase(name);
    }

    /**
     * The database given back as {@link #newDatabase} made it: dropped (its sessions ended) and copied again from the
     * migrated template under the same name, so that the same settings, and the application context started on them,
     * serve the next test. Pools that hold sessions to it must let them go first ({@link CliRunner#freshDatabase}).
     */
    public static synchronized void recreate(DatabaseUrl db) {
        copyTemplate(db.database(), true);
    }

    /** The migrated template copied into {@code name}, after dropping what had that name (its sessions ended) if asked. */
    private static void copyTemplate(String name, boolean replace) {
        String from = template();
        try (Connection c = cluster().connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            if (replace) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
            s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + from + "\" OWNER " + EmbeddedCluster.APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not copy the migrated template into " + name + ": " + e.getMessage(), e);
        }
    }

    /** A fresh database without holi's schema: a restore target, or a database an older version left behind. */
    public static DatabaseUrl emptyDatabase(String prefix) {
        String name = uniqueName(prefix);
        try {
            cluster().createDatabase(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cluster().application().withDatabase(name);
    }

    private static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    private static synchronized String template() {
        if (template == null) {
            DatabaseUrl url = emptyDatabase("holi_template");
            Flyway.configure().dataSource(url.jdbcUrl(), url.username(), url.password())
                    .locations("classpath:db/migration").load().migrate();
            template = url.database();
        }
        return template;
    }

    public static DatabaseUrl superuser(DatabaseUrl app) {
        return cluster().superuser(app.database());
    }
}
