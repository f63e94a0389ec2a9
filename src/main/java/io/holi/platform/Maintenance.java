package io.holi.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Maintenance mode, shared by every instance through the database ({@code holi_ops.maintenance}): while it is
 * on, every request except health checks is refused with 503, so nothing is read from or written to a
 * database that is being restored.
 */
@Service
public class Maintenance {

    public record State(boolean active, String reason, Instant since, String actor) {
    }

    private final JdbcClient jdbc;
    private volatile State cached = new State(false, null, null, null);
    private volatile long cachedAt;

    Maintenance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void enter(String reason, String actor) {
        jdbc.sql("UPDATE holi_ops.maintenance SET active = true, reason = ?, since = now(), actor = ? WHERE id = 1")
                .params(reason, actor).update();
        cachedAt = 0;
    }

    public void leave() {
        jdbc.sql("UPDATE holi_ops.maintenance SET active = false, reason = NULL, since = NULL, actor = NULL WHERE id = 1").update();
        cachedAt = 0;
    }

    /** The state, read at most once a second per instance. */
    public State current() {
        long now = System.currentTimeMillis();
        if (now - cachedAt > 1000) {
            try {
                cached = jdbc.sql("SELECT active, reason, since, actor FROM holi_ops.maintenance WHERE id = 1")
                        .query((rs, i) -> new State(rs.getBoolean(1), rs.getString(2),
                                Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant).orElse(null), rs.getString(4)))
                        .optional().orElse(new State(false, null, null, null));
            } catch (RuntimeException e) {
                // a database that cannot say is handled by the requests themselves (503 from the pool)
            }
            cachedAt = now;
        }
        return cached;
    }
}
