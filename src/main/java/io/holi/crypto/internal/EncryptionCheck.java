package io.holi.crypto.internal;

import io.holi.crypto.KeyService;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The monthly encryption review: every value on the active key, the key younger than its rotation period, and the PHI
 * columns refusing anything but ciphertext.
 */
@Component
class EncryptionCheck implements OperationalCheck {

    private final ObjectProvider<KeyService> keys;
    private final JdbcClient jdbc;
    private final Duration rotateAfter;

    EncryptionCheck(ObjectProvider<KeyService> keys, JdbcClient jdbc,
                    @Value("${holi.checks.crypto.rotate-after:365d}") Duration rotateAfter) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.rotateAfter = rotateAfter;
    }

    @Override
    public String name() {
        return "Encryption";
    }

    @Override
    public Cadence cadence() {
        return Cadence.MONTHLY;
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public List<Check> run() {
        KeyService.Status s = keys.getObject().status();
        Instant activeSince = s.versions().stream().filter(v -> v.version() == s.activeVersion()).findFirst()
                .map(KeyService.VersionCount::registeredAt).orElse(Instant.now());
        boolean constraints = jdbc.sql("SELECT count(*) FROM pg_constraint WHERE contype = 'c' "
                + "AND pg_get_constraintdef(oid) LIKE '%holi_is_ciphertext%'").query(Long.class).single() > 0;
        return List.of(judge(s.activeVersion(), Duration.between(activeSince, Instant.now()), s.valuesNotOnActive(), constraints,
                rotateAfter));
    }

    static Check judge(int activeVersion, Duration keyAge, long behind, boolean ciphertextOnly, Duration rotateAfter) {
        Check.Status st = !ciphertextOnly ? Check.Status.FAILURE
                : behind > 0 || keyAge.compareTo(rotateAfter) > 0 ? Check.Status.WARNING : Check.Status.OK;
        return new Check("Encryption", st, "key v" + activeVersion + " active for " + keyAge.toDays() + " days; " + behind
                + " values on older keys; PHI columns accept ciphertext only: " + (ciphertextOnly ? "yes" : "NO"),
                "all values on the active key, key < " + rotateAfter.toDays() + " days old",
                st == Check.Status.OK ? "" : "holi keys rotate (README: key rotation)");
    }
}
