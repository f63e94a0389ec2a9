package io.holi.identity.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.identity.IdentityProperties;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signs users in. Every failure gets the same answer, whether the email is unknown, the password wrong or
 * the account locked or deactivated, and takes about as long (an unknown email still costs a hash check).
 */
@Service
@ConditionalOnWebApplication
class LoginService {

    static final String FAILED = "Email or password is wrong, or the account is locked. "
            + "After 5 failed attempts an account is locked for 15 minutes.";
    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("^[^\\s@]{1,64}@[^\\s@]{1,255}$");

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final TokenService tokens;
    private final AuditTrail audit;
    private final IdentityProperties properties;
    private final String dummyHash;

    LoginService(UserRepository users, PasswordEncoder passwords, TokenService tokens, AuditTrail audit,
                 IdentityProperties properties) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.audit = audit;
        this.properties = properties;
        this.dummyHash = passwords.encode("not-a-real-password-" + System.nanoTime());
    }

    TokenService.Issued login(String rawEmail, String password) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
        Optional<UserRepository.Credentials> found = users.credentials(email);
        if (found.isEmpty()) {
            passwords.matches(password, dummyHash);
            fail(null, email, "unknown email");
        }
        UserRepository.Credentials user = found.get();
        if (!user.active()) {
            passwords.matches(password, dummyHash);
            fail(user, email, "account deactivated");
        }
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(Instant.now())) {
            passwords.matches(password, dummyHash);
            fail(user, email, "account locked");
        }
        if (!passwords.matches(password, user.passwordHash())) {
            boolean locked = users.recordFailure(user.id(), properties.maxFailedLogins(), properties.lockout());
            fail(user, email, locked ? "wrong password; account now locked" : "wrong password");
        }
        users.recordSuccess(user.id());
        audit.record(AuditEvent.of(AuditAction.LOGIN).actor(user.id(), user.email(), user.role().name())
                .resource("User", user.id()).build());
        return tokens.issue(user.id(), user.email(), user.role().name());
    }

    void logout(Caller caller) {
        users.revokeTokens(caller.id());
        audit.record(AuditEvent.of(AuditAction.LOGOUT).resource("User", caller.id()).build());
    }

    private void fail(UserRepository.Credentials user, String email, String reason) {
        AuditEvent.Builder event = AuditEvent.of(AuditAction.LOGIN_FAILED).denied(reason);
        if (user != null) {
            event.actor(user.id(), user.email(), user.role().name()).resource("User", user.id());
        } else {
            // the attempted name helps spot credential stuffing; anything that is not an email is not kept
            event.actor(null, PLAUSIBLE_EMAIL.matcher(email).matches() ? email : "(not an email)", null);
        }
        audit.record(event.build());
        throw new HoliException(HoliException.Kind.UNAUTHORIZED, FAILED);
    }
}
