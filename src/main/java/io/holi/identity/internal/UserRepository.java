package io.holi.identity.internal;

import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class UserRepository {

    private static final String COLUMNS = "id, email, name, role, active, created_at, updated_at";
    private static final RowMapper<UserAccount> ACCOUNT = (rs, i) -> new UserAccount(
            rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
            Role.valueOf(rs.getString("role")), rs.getBoolean("active"),
            rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    /** What login needs to know, hash included; never leaves this module. */
    public record Credentials(UUID id, String email, String name, Role role, boolean active, String passwordHash,
                       Instant lockedUntil) {
    }

    /** What verifying a token needs to know, per request. */
    public record TokenState(String email, Role role, boolean active, Instant tokensValidAfter) {
    }

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String email, String name, Role role, String passwordHash) {
        jdbc.sql("INSERT INTO users (id, email, name, role, password_hash) VALUES (?, ?, ?, ?, ?)")
                .params(id, email, name, role.name(), passwordHash).update();
    }

    public Optional<UserAccount> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(ACCOUNT).optional();
    }

    public Optional<UserAccount> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ? FOR UPDATE").param(id).query(ACCOUNT).optional();
    }

    public Optional<UserAccount> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = ?").param(email).query(ACCOUNT).optional();
    }

    public List<UserAccount> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY lower(email)").query(ACCOUNT).list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }

    public long countActive(Role role) {
        return jdbc.sql("SELECT count(*) FROM users WHERE active AND role = ?").param(role.name()).query(Long.class).single();
    }

    public void deactivate(UUID id) {
        jdbc.sql("UPDATE users SET active = false, tokens_valid_after = now(), updated_at = now() WHERE id = ?")
                .param(id).update();
    }

    public void changeRole(UUID id, Role role) {
        jdbc.sql("UPDATE users SET role = ?, updated_at = now() WHERE id = ?").params(role.name(), id).update();
    }

    public Optional<Credentials> credentials(String email) {
        return credentialsWhere("lower(email) = ?", email);
    }

    public Optional<Credentials> credentials(UUID id) {
        return credentialsWhere("id = ?", id);
    }

    private Optional<Credentials> credentialsWhere(String condition, Object value) {
        return jdbc.sql("SELECT id, email, name, role, active, password_hash, locked_until FROM users WHERE " + condition)
                .param(value)
                .query((rs, i) -> new Credentials(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), Role.valueOf(rs.getString("role")), rs.getBoolean("active"),
                        rs.getString("password_hash"),
                        Optional.ofNullable(rs.getTimestamp("locked_until")).map(Timestamp::toInstant).orElse(null)))
                .optional();
    }

    public Optional<TokenState> tokenState(UUID id) {
        return jdbc.sql("SELECT email, role, active, tokens_valid_after FROM users WHERE id = ?")
                .param(id)
                .query((rs, i) -> new TokenState(rs.getString("email"), Role.valueOf(rs.getString("role")),
                        rs.getBoolean("active"),
                        Optional.ofNullable(rs.getTimestamp("tokens_valid_after")).map(Timestamp::toInstant).orElse(null)))
                .optional();
    }

    /** What claiming an attempt found: refused (locked or deactivated), or allowed and whether it is the last one. */
    public enum Claim { REFUSED, ALLOWED, LAST_BEFORE_LOCK }

    /**
     * Claims a credentials check before the password is verified: counts it as a failure at once (a success undoes
     * that), and the claim that reaches the limit locks the account. One statement on the user's row, so parallel
     * attempts are serialised: of any number sent at once, at most {@code maxFailures} reach the password hash.
     */
    public Claim claimAttempt(UUID id, int maxFailures, Duration lockout) {
        return jdbc.sql("""
                        UPDATE users SET
                            locked_until = CASE WHEN failed_logins + 1 >= :max
                                                THEN now() + make_interval(secs => :lockoutSeconds) ELSE NULL END,
                            failed_logins = CASE WHEN failed_logins + 1 >= :max THEN 0 ELSE failed_logins + 1 END
                        WHERE id = :id AND active AND (locked_until IS NULL OR locked_until <= now())
                        RETURNING locked_until IS NOT NULL""")
                .param("max", maxFailures).param("lockoutSeconds", (double) lockout.toMillis() / 1000.0).param("id", id)
                .query(Boolean.class).optional()
                .map(last -> last ? Claim.LAST_BEFORE_LOCK : Claim.ALLOWED).orElse(Claim.REFUSED);
    }

    /** A new password: every token issued until now stops working, and a lockout ends. */
    public void setPassword(UUID id, String passwordHash) {
        jdbc.sql("""
                        UPDATE users SET password_hash = ?, tokens_valid_after = clock_timestamp(), failed_logins = 0,
                            locked_until = NULL, updated_at = now() WHERE id = ?""")
                .params(passwordHash, id).update();
    }

    /** The password hash, for checking a user's current password (changing it). */
    public Optional<String> passwordHash(UUID id) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = ? AND active").param(id).query(String.class).optional();
    }

    public void recordSuccess(UUID id) {
        jdbc.sql("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = ?")
                .param(id).update();
    }

    public void revokeTokens(UUID id) {
        jdbc.sql("UPDATE users SET tokens_valid_after = clock_timestamp() WHERE id = ?")
                .param(id).update();
    }
}
