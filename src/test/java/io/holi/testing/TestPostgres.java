package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;

import java.io.IOException;
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

    /** A fresh, empty database owned by the application role. */
    public static DatabaseUrl newDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try {
            cluster().createDatabase(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cluster().application().withDatabase(name);
    }

    public static DatabaseUrl superuser(DatabaseUrl app) {
        return cluster().superuser(app.database());
    }
}
