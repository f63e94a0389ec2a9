package io.holi.access;

import io.holi.audit.AuditTables;
import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Expiring PostgreSQL roles for people (manual 5.1.2): {@code VALID UNTIL} in PostgreSQL itself, a random
 * password shown once, the reason recorded, the audit trail out of reach (no UPDATE/DELETE/TRUNCATE on it even
 * with write access), every statement logged by pgAudit (the roles inherit the cluster's {@code pgaudit.log};
 * only the application role turns it off for itself), and the role dropped once expired.
 */
@Service
public class TemporaryAccess {

    public static final Duration MAX_TTL = Duration.ofHours(8);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A role just made: the password is shown once and stored nowhere. */
    public record Granted(String role, String password, String privilege, Instant validUntil, String connection) {
    }

    private static final org.springframework.jdbc.core.RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getString("role_name"),
            rs.getString("privilege"), rs.getString("reason"), rs.getString("granted_by"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("valid_until").toInstant(),
            rs.getTimestamp("dropped_at") == null ? null : rs.getTimestamp("dropped_at").toInstant(), rs.getBoolean("present"));

    public record Entry(String role, String privilege, String reason, String grantedBy, Instant createdAt, Instant validUntil,
                        Instant droppedAt, boolean exists) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final OperationRecords operations;
    private final HoliDatabase database;

    TemporaryAccess(JdbcClient jdbc, PlatformTransactionManager transactions, OperationRecords operations, HoliDatabase database) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.operations = operations;
        this.database = database;
    }

    public Granted grant(String privilege, Duration ttl, String reason, String grantedBy) {
        String p = privilege == null ? "" : privilege.toLowerCase(Locale.ROOT);
        if (!p.equals("read") && !p.equals("write")) {
            throw HoliException.invalid("--privilege", "read or write");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw HoliException.invalid("--ttl", "between 1m and " + MAX_TTL.toHours() + "h (the manual's emergencies take an hour)");
        }
        if (reason == null || reason.strip().length() < 10) {
            throw HoliException.invalid("--reason", "say why, in at least 10 characters (the manual: a ticket and the CTO's approval)");
        }
        Instant started = Instant.now();
        Instant until = started.plus(ttl);
        String role = "holi_temp_" + STAMP.format(started) + "_" + Integer.toHexString(RANDOM.nextInt(0x10000));
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String database = jdbc.sql("SELECT current_database()").query(String.class).single();
        tx.executeWithoutResult(status -> {
            jdbc.sql("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' VALID UNTIL '" + until + "' CONNECTION LIMIT 5").update();
            // membership lets holi drop it and whatever it may own once it expires
            jdbc.sql("GRANT " + role + " TO CURRENT_USER").update();
            jdbc.sql("GRANT CONNECT ON DATABASE \"" + database.replace("\"", "") + "\" TO " + role).update();
            jdbc.sql("GRANT USAGE ON SCHEMA public TO " + role).update();
            jdbc.sql("GRANT " + (p.equals("write") ? "SELECT, INSERT, UPDATE, DELETE" : "SELECT") + " ON ALL TABLES IN SCHEMA public TO " + role).update();
            jdbc.sql("GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role).update();
            // the audit trail stays append-only, whatever the privilege
            jdbc.sql(AuditTables.readOnlyForSql(role)).update();
            jdbc.sql("INSERT INTO holi_ops.temporary_access (role_name, privilege, reason, granted_by, valid_until) VALUES (?, ?, ?, ?, ?)")
                    .params(role, p, reason.strip(), grantedBy, Timestamp.from(until)).update();
        });
        operations.record("access.grant-temp", role, started, RunOutcome.SUCCESS,
                Map.of("privilege", p, "reason", reason.strip(), "validUntil", until.toString(), "grantedBy", grantedBy));
        var url = this.database.url();
        String connection = "postgresql://" + role + "@" + url.host() + ":" + url.port() + "/" + database;
        return new Granted(role, password, p, until, connection);
    }

    /** The temporary roles granted in a period, oldest first (the compliance evidence). */
    public List<Entry> between(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT t.*, EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = t.role_name) AS present
                  FROM holi_ops.temporary_access t WHERE created_at >= ? AND created_at < ? ORDER BY created_at""")
                .params(Timestamp.from(from), Timestamp.from(to)).query(ENTRY).list();
    }

    public List<Entry> list() {
        return jdbc.sql("""
                SELECT t.*, EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = t.role_name) AS present
                  FROM holi_ops.temporary_access t ORDER BY created_at DESC LIMIT 200""")
                .query(ENTRY).list();
    }

    /** Ends the sessions of expired roles and drops them. Returns the roles dropped. */
    public List<String> revokeExpired() {
        Instant started = Instant.now();
        List<String> expired = jdbc.sql("SELECT role_name FROM holi_ops.temporary_access WHERE dropped_at IS NULL AND valid_until <= now() ORDER BY 1")
                .query(String.class).list();
        for (String role : expired) {
            jdbc.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?").param(role).query((rs, i) -> 1).list();
            tx.executeWithoutResult(status -> {
                boolean exists = jdbc.sql("SELECT count(*) FROM pg_roles WHERE rolname = ?").param(role).query(Long.class).single() > 0;
                if (exists) {
                    jdbc.sql("REASSIGN OWNED BY " + role + " TO CURRENT_USER").update();
                    jdbc.sql("DROP OWNED BY " + role).update();
                    jdbc.sql("DROP ROLE " + role).update();
                }
                jdbc.sql("UPDATE holi_ops.temporary_access SET dropped_at = now() WHERE role_name = ?").param(role).update();
            });
        }
        if (!expired.isEmpty()) {
            operations.record("access.revoke-expired", null, started, RunOutcome.SUCCESS, Map.of("dropped", expired));
        }
        return expired;
    }
}
