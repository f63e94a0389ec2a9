package io.holi.identity.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.identity.IdentityProperties;
import io.holi.identity.PasswordPolicy;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.RequestMetadata;
import io.holi.ratelimit.RateLimiter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signs users in. Every failure gets the same answer, whether the email is unknown, the password wrong or
 * the account locked or deactivated, and takes about as long (an unknown email still costs a hash check).
 * Attempts are limited per client address and per account before anything else, here in the sign-in itself
 * so that every path reaching it (however its URL is spelled) meets the limits.
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
    private final RateLimiter limiter;
    private final String dummyHash;

    LoginService(UserRepository users, PasswordEncoder passwords, TokenService tokens, AuditTrail audit,
                 IdentityProperties properties, RateLimiter limiter) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.audit = audit;
        this.properties = properties;
        this.limiter = limiter;
        this.dummyHash = passwords.encode("not-a-real-password-" + System.nanoTime());
    }

    TokenService.Issued login(String rawEmail, String password) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
        limit(RateLimiter.Limit.LOGIN, RequestMetadata.current().clientIp(), "from this address");
        limit(RateLimiter.Limit.LOGIN_ACCOUNT, email, "for this account");
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
        UserRepository.Claim claim = users.claimAttempt(user.id(), properties.maxFailedLogins(), properties.lockout());
        if (claim == UserRepository.Claim.REFUSED) {
            passwords.matches(password, dummyHash);
            fail(user, email, "account locked");
        }
        if (!passwords.matches(password, user.passwordHash())) {
            fail(user, email, claim == UserRepository.Claim.LAST_BEFORE_LOCK ? "wrong password; account now locked" : "wrong password");
        }
        users.recordSuccess(user.id());
        audit.record(AuditEvent.of(AuditAction.LOGIN).actor(user.id(), user.email(), user.role().name())
                .resource("User", user.id()).build());
        return tokens.issue(user.id(), user.email(), user.role());
    }

    void logout(Caller caller) {
        users.revokeTokens(caller.id());
        audit.record(AuditEvent.of(AuditAction.LOGOUT).resource("User", caller.id()).build());
    }

    /**
     * Changes the caller's own password: the current one is checked like a sign-in (a wrong one counts towards the
     * lockout, so a stolen token cannot be used to guess it), then every token the caller holds stops working.
     */
    void changePassword(Caller caller, String current, String next) {
        PasswordPolicy.require("newPassword", next);
        limit(RateLimiter.Limit.LOGIN_ACCOUNT, caller.email().toLowerCase(Locale.ROOT), "for this account");
        String hash = users.passwordHash(caller.id()).orElseThrow(() -> HoliException.notFound("No such user"));
        UserRepository.Claim claim = users.claimAttempt(caller.id(), properties.maxFailedLogins(), properties.lockout());
        if (claim == UserRepository.Claim.REFUSED || !passwords.matches(current, hash)) {
            String reason = claim == UserRepository.Claim.REFUSED ? "account locked"
                    : claim == UserRepository.Claim.LAST_BEFORE_LOCK ? "wrong current password; account now locked"
                    : "wrong current password";
            audit.record(AuditEvent.of(AuditAction.PASSWORD_CHANGE).denied(reason).resource("User", caller.id()).build());
            throw HoliException.invalid("currentPassword", "is not your current password, or the account is locked");
        }
        if (passwords.matches(next, hash)) {
            users.recordSuccess(caller.id());
            throw HoliException.invalid("newPassword", "must differ from the current password");
        }
        users.setPassword(caller.id(), passwords.encode(next));
        audit.record(AuditEvent.of(AuditAction.PASSWORD_CHANGE).resource("User", caller.id()).build());
    }

    private void limit(RateLimiter.Limit limit, String key, String what) {
        RateLimiter.Decision d = limiter.check(limit, String.valueOf(key));
        if (!d.allowed()) {
            throw HoliException.rateLimited("Too many sign-in attempts " + what + "; try again in "
                    + d.retryAfter().toSeconds() + " s", d.retryAfter());
        }
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
