package io.holi.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The second factor's rows: the encrypted TOTP secret on {@code users}, and {@code user_recovery_codes}. */
@Repository
public class MfaRepository {

    public record Factor(byte[] secret, Instant enrolledAt, long lastStep) {
        public boolean enrolled() {
            return enrolledAt != null;
        }
    }

    public record RecoveryCode(String id, String hash) {
    }

    private final JdbcClient jdbc;

    MfaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Factor> factor(UUID userId) {
        return jdbc.sql("SELECT mfa_secret, mfa_enrolled_at, mfa_last_step FROM users WHERE id = ? AND mfa_secret IS NOT NULL")
                .param(userId)
                .query((rs, i) -> new Factor(rs.getBytes(1), Optional.ofNullable(rs.getTimestamp(2)).map(Timestamp::toInstant).orElse(null),
                        rs.getLong(3)))
                .optional();
    }

    public boolean enrolled(UUID userId) {
        return jdbc.sql("SELECT mfa_enrolled_at IS NOT NULL FROM users WHERE id = ?").param(userId).query(Boolean.class)
                .optional().orElse(false);
    }

    /** A new secret waiting for its first code; refused (false) when a confirmed one exists. */
    public boolean setPending(UUID userId, byte[] encryptedSecret) {
        return jdbc.sql("UPDATE users SET mfa_secret = ?, mfa_enrolled_at = NULL, mfa_last_step = NULL WHERE id = ? AND mfa_enrolled_at IS NULL")
                .params(encryptedSecret, userId).update() == 1;
    }

    public boolean confirm(UUID userId, long step) {
        return jdbc.sql("UPDATE users SET mfa_enrolled_at = now(), mfa_last_step = ? WHERE id = ? AND mfa_secret IS NOT NULL AND mfa_enrolled_at IS NULL")
                .params(step, userId).update() == 1;
    }

    /** Accepts a step only if it is later than the last one accepted: two sign-ins racing with one code, one wins. */
    public boolean acceptStep(UUID userId, long step) {
        return jdbc.sql("UPDATE users SET mfa_last_step = ? WHERE id = ? AND mfa_enrolled_at IS NOT NULL AND coalesce(mfa_last_step, -1) < ?")
                .params(step, userId, step).update() == 1;
    }

    public void clear(UUID userId) {
        jdbc.sql("UPDATE users SET mfa_secret = NULL, mfa_enrolled_at = NULL, mfa_last_step = NULL WHERE id = ?").param(userId).update();
        jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = ?").param(userId).update();
    }

    public void replaceRecoveryCodes(UUID userId, List<RecoveryCode> codes) {
        jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = ?").param(userId).update();
        for (RecoveryCode c : codes) {
            jdbc.sql("INSERT INTO user_recovery_codes (user_id, code_id, code_hash) VALUES (?, ?, ?)").params(userId, c.id(), c.hash()).update();
        }
    }

    public Optional<String> unusedRecoveryHash(UUID userId, String codeId) {
        return jdbc.sql("SELECT code_hash FROM user_recovery_codes WHERE user_id = ? AND code_id = ? AND used_at IS NULL")
                .params(userId, codeId).query(String.class).optional();
    }

    public boolean useRecoveryCode(UUID userId, String codeId) {
        return jdbc.sql("UPDATE user_recovery_codes SET used_at = now() WHERE user_id = ? AND code_id = ? AND used_at IS NULL")
                .params(userId, codeId).update() == 1;
    }

    public int unusedRecoveryCodes(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM user_recovery_codes WHERE user_id = ? AND used_at IS NULL").param(userId)
                .query(Integer.class).single();
    }
}
