package io.holi.database;

import io.holi.testing.TempDirs;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.OsProcess;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** On a machine without PostgreSQL, the embedded default runs the server binaries packaged in the jar. */
class PackagedPostgresTest {

    @Test
    void thePackagedServerInitialisesStartsAndServesTheApplicationRole() throws Exception {
        // a new cache each time: with the binaries already unpacked, the unpacking itself would go untested
        Path cacheRoot = TempDirs.directory("holi-packaged-cache");
        Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresBinaries packaged = PostgresBinaries.packaged(cacheRoot);
        assertThat(cacheRoot.resolve("postgres-15/bin/initdb")).isExecutable();
        assertThat(PostgresBinaries.packaged(cacheRoot).binDir()).isEqualTo(packaged.binDir());
        assertThat(packaged.origin()).isEqualTo("packaged");
        String version = OsProcess.check(List.of(packaged.binDir().resolve("postgres").toString(), "--version"),
                java.util.Map.of(), Duration.ofMinutes(10));
        assertThat(version).contains("15.");

        Path home = TempDirs.directory("holi-packaged");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedCluster cluster = EmbeddedCluster.at(home.resolve("holi-data"), packaged);
        try {
            cluster.start();
            DatabaseUrl app = cluster.application();
            try (Connection c = DriverManager.getConnection(app.jdbcUrl(), app.username(), app.password());
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_user, version(), rolsuper FROM pg_roles WHERE rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("holi");
                assertThat(rs.getString(2)).startsWith("PostgreSQL 15");
                assertThat(rs.getBoolean(3)).isFalse();
            }
        } finally {
            cluster.destroy();
            FileSystemUtils.deleteRecursively(cacheRoot);
        }
    }
}
