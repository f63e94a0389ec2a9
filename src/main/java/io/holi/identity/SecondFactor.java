package io.holi.identity;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.identity.internal.MfaRepository;
import io.holi.identity.internal.QrCode;
import io.holi.identity.internal.Totp;
import io.holi.identity.internal.UserRepository;
import io.holi.platform.HoliException;
import io.holi.platform.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The second factor: a TOTP authenticator app (RFC 6238), enrolled by QR code and confirmed with its first code, and
 * ten single-use recovery codes for a lost phone. Required for administrators and auditors, and for the roles in
 * {@code HOLI_MFA_REQUIRED_ROLES}. The TOTP secret is encrypted like PHI; recovery codes are stored hashed.
 */
@Service
public class SecondFactor {

    /** The column holding each user's encrypted TOTP secret (covered by {@code holi keys rotate}). */
    public static final EncryptedColumn SECRET = new EncryptedColumn("users", "mfa_secret");
    public static final int RECOVERY_CODES = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the enrolment page shows: the secret to type in, and the same as a QR code. */
    public record Enrolment(String secret, String uri, String qrSvg) {
        @Override
        public String toString() {
            return "Enrolment[redacted]";
        }
    }

    public record Status(boolean required, boolean enrolled, int recoveryCodesLeft) {
    }

    private final MfaRepository repository;
    private final UserRepository users;
    private final FieldCipher cipher;
    private final PasswordEncoder hashes;
    private final AuditTrail audit;
    private final IdentityProperties properties;
    private final Clock clock;

    SecondFactor(MfaRepository repository, UserRepository users, FieldCipher cipher, PasswordEncoder hashes, AuditTrail audit,
                 IdentityProperties properties) {
        this.repository = repository;
        this.users = users;
        this.cipher = cipher;
        this.hashes = hashes;
        this.audit = audit;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    public boolean requiredFor(Role role) {
        return role == Role.ADMIN || role == Role.AUDITOR || properties.mfaRequiredRoles().contains(role);
    }

    public boolean enrolled(UUID userId) {
        return repository.enrolled(userId);
    }

    public Status status(UUID userId, Role role) {
        boolean enrolled = repository.enrolled(userId);
        return new Status(requiredFor(role), enrolled, enrolled ? repository.unusedRecoveryCodes(userId) : 0);
    }

    /** A new secret for the user's app; it counts only once {@link #confirm} has seen a code it made. */
    @Transactional
    public Enrolment begin(UUID userId, String email) {
        byte[] secret = Totp.newSecret();
        if (!repository.setPending(userId, cipher.encrypt(Totp.base32(secret), SECRET, userId))) {
            throw HoliException.conflict("A second factor is already enrolled for this account; an administrator can reset it");
        }
        String uri = Totp.uri(properties.mfaIssuer(), email, secret);
        return new Enrolment(Totp.base32(secret), uri, QrCode.svg(uri, "QR code for your authenticator app"));
    }

    /** The enrolment waiting for its first code, or a new one: reloading the page shows the QR code the phone scanned. */
    @Transactional
    public Enrolment pendingOrBegin(UUID userId, String email) {
        var pending = repository.factor(userId).filter(f -> !f.enrolled());
        if (pending.isPresent()) {
            byte[] secret = secret(userId, pending.get());
            String uri = Totp.uri(properties.mfaIssuer(), email, secret);
            return new Enrolment(Totp.base32(secret), uri, QrCode.svg(uri, "QR code for your authenticator app"));
        }
        return begin(userId, email);
    }

    /** The first code from the app confirms the enrolment; returns the recovery codes, shown once. */
    @Transactional
    public List<String> confirm(UUID userId, String code) {
        MfaRepository.Factor factor = repository.factor(userId)
                .orElseThrow(() -> HoliException.invalid("code", "start the enrolment first: there is no secret waiting for a code"));
        if (factor.enrolled()) {
            throw HoliException.conflict("A second factor is already enrolled for this account");
        }
        OptionalLong step = Totp.matchingStep(secret(userId, factor), code, clock.instant(), -1);
        if (step.isEmpty() || !repository.confirm(userId, step.getAsLong())) {
            throw HoliException.invalid("code", "does not match what your app shows now: check the phone's time, and type the six digits again");
        }
        List<String> codes = newRecoveryCodes(userId);
        audit.record(AuditEvent.of(AuditAction.MFA_ENROL).resource("User", userId).build());
        return codes;
    }

    /** Ten new recovery codes; the old ones stop working. */
    @Transactional
    public List<String> newRecoveryCodes(UUID userId) {
        List<String> plain = new ArrayList<>();
        List<MfaRepository.RecoveryCode> stored = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String id = random(4);
            String secret = random(8);
            plain.add(id + "-" + secret.substring(0, 4) + "-" + secret.substring(4));
            stored.add(new MfaRepository.RecoveryCode(id, hashes.encode(secret)));
        }
        repository.replaceRecoveryCodes(userId, stored);
        return plain;
    }

    /**
     * Whether {@code code} is the user's current TOTP code (never one accepted before) or one of their unused recovery
     * codes (used up by this). Sign-in counts a false answer as a failed attempt.
     */
    @Transactional
    public boolean verify(UUID userId, String code) {
        MfaRepository.Factor factor = repository.factor(userId).filter(MfaRepository.Factor::enrolled).orElse(null);
        if (factor == null || code == null) {
            return false;
        }
        String typed = code.strip().toLowerCase(Locale.ROOT);
        if (typed.matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}")) {
            String id = typed.substring(0, 4);
            String secret = typed.substring(5, 9) + typed.substring(10);
            return repository.unusedRecoveryHash(userId, id).filter(h -> hashes.matches(secret, h)).isPresent()
                    && repository.useRecoveryCode(userId, id);
        }
        OptionalLong step = Totp.matchingStep(secret(userId, factor), typed, clock.instant(), factor.lastStep());
        return step.isPresent() && repository.acceptStep(userId, step.getAsLong());
    }

    /**
     * An administrator removes a user's second factor (a lost phone and no recovery code): every token and session the
     * user holds ends, and they enrol again at their next sign-in. Never one's own.
     */
    @Transactional
    public void reset(UUID userId) {
        users.findForUpdate(userId).orElseThrow(() -> HoliException.notFound("No user with id " + userId));
        if (io.holi.platform.Caller.current().map(c -> c.id().equals(userId)).orElse(false)) {
            throw HoliException.forbidden("Nobody resets their own second factor; another administrator can");
        }
        repository.clear(userId);
        users.revokeTokens(userId);
        audit.record(AuditEvent.of(AuditAction.MFA_RESET).resource("User", userId).build());
    }

    private byte[] secret(UUID userId, MfaRepository.Factor factor) {
        return Totp.fromBase32(cipher.decrypt(factor.secret(), SECRET, userId));
    }

    private static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
