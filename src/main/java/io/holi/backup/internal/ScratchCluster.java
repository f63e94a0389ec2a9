package io.holi.backup.internal;

import io.holi.platform.DatabaseUrl;
import io.holi.database.EmbeddedCluster;
import io.holi.database.HoliDatabase;
import io.holi.database.PostgresBinaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A throw-away PostgreSQL cluster for a restore drill, set up like the embedded one (application role, extensions). */
public final class ScratchCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScratchCluster.class);

    private final EmbeddedCluster cluster;

    private ScratchCluster(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    public static ScratchCluster start(Path parent, HoliDatabase database) throws IOException {
        Path base = parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : parent;
        Files.createDirectories(base);
        Path home = Files.createTempDirectory(base, "holi-drill-");
        PostgresBinaries binaries = database.cluster().map(EmbeddedCluster::binaries).orElseGet(PostgresBinaries::locate);
        // a drill proves the backup restores; durability of the scratch copy does not matter
        EmbeddedCluster c = EmbeddedCluster.at(home, binaries).withSettings(List.of("fsync = off", "full_page_writes = off",
                "synchronous_commit = off"));
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            c.destroy();
            throw e;
        }
        return new ScratchCluster(c);
    }

    public DatabaseUrl url() {
        return cluster.application();
    }

    @Override
    public void close() {
        try {
            cluster.destroy();
        } catch (IOException e) {
            log.warn("The drill's temporary cluster in {} could not be removed: {}", cluster.home().home(), e.getMessage());
        }
    }

    /** Empties a database a drill restored into (everything in public, and holi_ops). */
    public static void empty(DatabaseUrl target) throws IOException {
        try (Connection c = PgClient.connect(target); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            String drop = RestoreScript.prologue(new BackupRestorer.Plan(null, target, true, false, List.of(), 1));
            s.execute(drop.substring(drop.indexOf("DO $holi_restore_drop$")));
            s.execute("DROP SCHEMA IF EXISTS holi_ops CASCADE");
            c.commit();
        } catch (SQLException e) {
            throw new IOException("could not empty " + target + " after the drill: " + e.getMessage(), e);
        }
    }
}
