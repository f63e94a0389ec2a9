package io.holi.platform;

import org.springframework.stereotype.Service;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Runs a job on one instance at a time, however many serve (scheduled backups, seals, checks): a PostgreSQL
 * advisory lock taken inside a transaction that stays open while the job runs. A transaction-level lock also
 * works through PgBouncer's transaction pooling, where a session lock could be left behind on a server
 * connection.
 */
@Service
public class ClusterLocks {

    /** The application_name of lock-holding sessions (the audit sealer does not wait for them). */
    public static final String APPLICATION_NAME = "holi-job-lock";
    private static final int NAMESPACE = 0x484f4c49; // "HOLI"

    private final DataSource dataSource;

    ClusterLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The job's result, or empty when another instance holds the lock. */
    public <T> java.util.Optional<T> runExclusively(String name, Supplier<T> job) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL application_name = '" + APPLICATION_NAME + "'");
                }
                boolean locked;
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
                    ps.setInt(1, NAMESPACE);
                    ps.setInt(2, key(name));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        locked = rs.getBoolean(1);
                    }
                }
                if (!locked) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.ofNullable(job.get());
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new HoliException(HoliException.Kind.UNAVAILABLE, "the lock for '" + name + "' could not be taken: " + e.getMessage(), e);
        }
    }

    static int key(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
