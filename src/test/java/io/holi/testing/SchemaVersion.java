package io.holi.testing;

import io.holi.platform.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Whether the database a command's settings name is at the schema this build migrates to (for {@link CliRunner}). */
final class SchemaVersion {

    private static volatile Integer latest;

    private SchemaVersion() {
    }

    /** The highest {@code V<n>__} migration on the classpath. */
    static int latest() {
        if (latest == null) {
            try {
                Resource[] migrations = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*__*.sql");
                latest = Arrays.stream(migrations).map(Resource::getFilename)
                        .mapToInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__")))).max().orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return latest;
    }

    /** True when the settings name a reachable database whose last successful migration is {@link #latest()}. */
    static boolean isCurrent(Map<String, String> settings) {
        String url = settings.get("holi.database.url");
        if (url == null) {
            return false; // the embedded default: a cluster a command may start for itself
        }
        DatabaseUrl db = DatabaseUrl.parse(url);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            return rs.next() && rs.getInt(1) == latest();
        } catch (SQLException | NumberFormatException e) {
            return false; // no schema history, unreachable, not a holi database
        }
    }
}
