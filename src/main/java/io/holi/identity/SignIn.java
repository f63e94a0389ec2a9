package io.holi.identity;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.identity.internal.UserRepository;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.RequestMetadata;
import io.holi.ratelimit.RateLimiter;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Signing in, for the API and the web pages alike: the password, then the second factor when the account has one
 * (or must enrol one first). Every failure gets the same answer, whether the email is unknown, the password or the
 * code wrong, or the account locked or deactivated, and takes about as long (an unknown email still costs a hash
 * check). Attempts are limited per client address and per account before anything else; a wrong code counts
 * towards the lockout like a wrong password.
 */
@Service
@ConditionalOnWebApplication
public class SignIn {

    public static final String FAILED = "Email or password is wrong, or the account is locked. "
            + "After 5 failed attempts an account is locked for 15 minutes.";
    public static final String CODE_FAILED = "The code is wrong or was already used, or the account is locked. "
            + "After 5 failed attempts an account is locked for 15 minutes.";
    private static final Pattern PLAUSIBLE_EMAIL = Pattern.compile("^[^\\s@]{1,64}@[^\\s@]{1,255}$");

    /** Where a sign-in stands once the password is right. */
    public sealed interface Outcome permits SignedIn, CodeNeeded, EnrolmentNeeded {
    }

    /** Signed in: no second factor is needed, or it was given. */
    public record SignedIn(Caller caller, Instant at) implements Outcome {
    }

    /** The account has a second factor: ask for its code. */
    public record CodeNeeded(UUID userId) implements Outcome {
    }

    /** The account's role requires a second factor it does not have yet: enrol it before anything else. */
    public record EnrolmentNeeded(UUID userId, String email) implements Outcome {
    }

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final IdentityProperties properties;
    private final RateLimiter limiter;
    private final SecondFactor factor;
    private final String dummyHash;

    SignIn(UserRepository users, PasswordEncoder passwords, AuditTrail audit, IdentityProperties properties,
           RateLimiter limiter, SecondFactor factor) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.properties = properties;
        this.limiter = limiter;
        this.factor = factor;
        this.dummyHash = passwords.encode("not-a-real-password-" + System.nanoTime());
    }

    /** The first step. Signs in at once when the account needs no second factor. */
    public Outcome password(String rawEmail, String password) {
        UserRepository.Credentials user = checkPassword(rawEmail, password);
        if (factor.enrolled(user.id())) {
            return new CodeNeeded(user.id());
        }
        if (factor.requiredFor(user.role())) {
            return new EnrolmentNeeded(user.id(), user.email());
        }
        return complete(user);
    }

    /** The second step, in a request of its own (the web's code page): counted like a password attempt. */
    public SignedIn code(UUID userId, String code) {
        UserRepository.Credentials user = users.credentials(userId).orElseThrow(() -> new HoliException(HoliException.Kind.UNAUTHORIZED, CODE_FAILED));
        limit(RateLimiter.Limit.LOGIN, RequestMetadata.current().clientIp(), "from this address");
        limit(RateLimiter.Limit.LOGIN_ACCOUNT, user.email(), "for this account");
        UserRepository.Claim claim = user.active() ? users.claimAttempt(user.id(), properties.maxFailedLogins(), properties.lockout())
                : UserRepository.Claim.REFUSED;
        return checkCode(user, claim, code);
    }

    /** Password and code in one request (the API): the password's claimed attempt covers the code. */
    public SignedIn passwordAndCode(String rawEmail, String password, String code) {
        UserRepository.Credentials user = checkPassword(rawEmail, password);
        if (factor.enrolled(user.id())) {
            if (code == null || code.isBlank()) {
                throw new HoliException(HoliException.Kind.UNAUTHORIZED, "This account has a second factor: send the code "
                        + "your authenticator app shows (or a recovery code) as \"code\"",
                        java.util.List.of(new HoliException.FieldError("code", "is required for this account")), null);
            }
            return checkCode(user, UserRepository.Claim.ALLOWED, code);
        }
        if (factor.requiredFor(user.role())) {
            throw new HoliException(HoliException.Kind.FORBIDDEN, "A " + user.role() + " account must enrol a second factor "
                    + "before signing in: sign in to the web application, or POST /api/auth/mfa/enrol then /api/auth/mfa/confirm",
                    java.util.List.of(new HoliException.FieldError("code", "enrol a second factor first")), null);
        }
        return complete(user);
    }

    /** Password checked for enrolling a second factor through the API (before the account has one). */
    public UUID passwordForEnrolment(String rawEmail, String password) {
        UserRepository.Credentials user = checkPassword(rawEmail, password);
        if (factor.enrolled(user.id())) {
            throw HoliException.conflict("A second factor is already enrolled for this account; an administrator can reset it");
        }
        return user.id();
    }

    /** After the enrolment's first code was accepted (which proves the factor): signed in. */
    public SignedIn enrolled(UUID userId) {
        UserRepository.Credentials user = users.credentials(userId).filter(UserRepository.Credentials::active)
                .orElseThrow(() -> new HoliException(HoliException.Kind.UNAUTHORIZED, FAILED));
        if (!factor.enrolled(userId)) {
            throw new HoliException(HoliException.Kind.UNAUTHORIZED, "The second factor is not enrolled yet");
        }
        return complete(user);
    }

    /** The account's email, for the enrolment's label in the authenticator app. */
    public String email(UUID userId) {
        return users.credentials(userId).map(UserRepository.Credentials::email).orElse("");
    }

    /** Sign-out: every token and every web session of the user issued until now stops working, on every instance. */
    public void signOut(Caller caller) {
        users.revokeTokens(caller.id());
        audit.record(AuditEvent.of(AuditAction.LOGOUT).resource("User", caller.id()).build());
    }

    /**
     * Changes the caller's own password: the current one is checked like a sign-in (a wrong one counts towards the
     * lockout, so a stolen token cannot be used to guess it), then every token the caller holds stops working.
     */
    public void changePassword(Caller caller, String current, String next) {
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

    /**
     * The caller's current state for a session signed in at {@code signedInAt}: empty when the account was deactivated,
     * signed out everywhere or given a new password since (the same rule as for tokens). The role is read now.
     */
    public Optional<Caller> stillValid(UUID userId, Instant signedInAt) {
        return users.tokenState(userId)
                .filter(UserRepository.TokenState::active)
                .filter(s -> s.tokensValidAfter() == null || !signedInAt.isBefore(s.tokensValidAfter()))
                .map(s -> new Caller(userId, s.email(), s.role()));
    }

    private UserRepository.Credentials checkPassword(String rawEmail, String password) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(Locale.ROOT);
        limit(RateLimiter.Limit.LOGIN, RequestMetadata.current().clientIp(), "from this address");
        limit(RateLimiter.Limit.LOGIN_ACCOUNT, email, "for this account");
        Optional<UserRepository.Credentials> found = users.credentials(email);
        if (found.isEmpty()) {
            passwords.matches(password, dummyHash);
            fail(null, email, "unknown email", FAILED);
        }
        UserRepository.Credentials user = found.get();
        if (!user.active()) {
            passwords.matches(password, dummyHash);
            fail(user, email, "account deactivated", FAILED);
        }
        UserRepository.Claim claim = users.claimAttempt(user.id(), properties.maxFailedLogins(), properties.lockout());
        if (claim == UserRepository.Claim.REFUSED) {
            passwords.matches(password, dummyHash);
            fail(user, email, "account locked", FAILED);
        }
        if (!passwords.matches(password, user.passwordHash())) {
            fail(user, email, claim == UserRepository.Claim.LAST_BEFORE_LOCK ? "wrong password; account now locked" : "wrong password", FAILED);
        }
        return user;
    }

    private SignedIn checkCode(UserRepository.Credentials user, UserRepository.Claim claim, String code) {
        if (claim == UserRepository.Claim.REFUSED) {
            fail(user, user.email(), "account locked", CODE_FAILED);
        }
        if (!factor.verify(user.id(), code)) {
            fail(user, user.email(), claim == UserRepository.Claim.LAST_BEFORE_LOCK
                    ? "wrong second-factor code; account now locked" : "wrong second-factor code", CODE_FAILED);
        }
        return complete(user);
    }

    private SignedIn complete(UserRepository.Credentials user) {
        users.recordSuccess(user.id());
        audit.record(AuditEvent.of(AuditAction.LOGIN).actor(user.id(), user.email(), user.role().name())
                .resource("User", user.id()).build());
        return new SignedIn(new Caller(user.id(), user.email(), user.role()), Instant.now());
    }

    void limit(RateLimiter.Limit limit, String key, String what) {
        RateLimiter.Decision d = limiter.check(limit, String.valueOf(key));
        if (!d.allowed()) {
            throw HoliException.rateLimited("Too many sign-in attempts " + what + "; try again in "
                    + d.retryAfter().toSeconds() + " s", d.retryAfter());
        }
    }

    private void fail(UserRepository.Credentials user, String email, String reason, String answer) {
        AuditEvent.Builder event = AuditEvent.of(AuditAction.LOGIN_FAILED).denied(reason);
        if (user != null) {
            event.actor(user.id(), user.email(), user.role().name()).resource("User", user.id());
        } else {
            // the attempted name helps spot credential stuffing; anything that is not an email is not kept
            event.actor(null, PLAUSIBLE_EMAIL.matcher(email).matches() ? email : "(not an email)", null);
        }
        audit.record(event.build());
        throw new HoliException(HoliException.Kind.UNAUTHORIZED, answer);
    }
}
