package io.holi.platform;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;
import java.util.UUID;

/**
 * Who is making the current request, as the identity module established it from a verified token
 * (role and active flag read from the database, not trusted from the token).
 */
public record Caller(UUID id, String email, Role role) implements java.io.Serializable {

    /**
     * A caller whose token is verified but whose current state (active, role, email, sign-outs) is still to be
     * compared with the database's: on the routes that read a record in one statement, that statement compares it
     * too, and the request costs one round trip instead of two. Anything else that asks for the caller
     * ({@link #current()}, {@link #require()}, the authentication's principal or authorities) reads the state first.
     */
    public interface Deferred {
        /** As the token states it; the id is the signature's, the rest unconfirmed. */
        Caller claimed();

        /** When the token was issued: a sign-out after it revokes it. */
        java.time.Instant issuedAt();

        /** The caller as the database knows it now (one round trip the first time), or the sign-in failure. */
        Caller verified();

        /**
         * The caller, given what the request's own statement found: {@code true} when the database agrees with the
         * claims (no round trip); otherwise (or {@code null}: no such user) as {@link #verified()} decides.
         */
        Caller confirmed(Boolean claimsHold);
    }

    public static Optional<Caller> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof Deferred d) {
            return Optional.of(d.verified());
        }
        if (auth != null && auth.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /** The caller's id alone (logs, rate limits): the token's signature vouches for it, no database read. */
    public static Optional<UUID> currentId() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof Deferred d) {
            return Optional.of(d.claimed().id());
        }
        return current().map(Caller::id);
    }

    /** The current request's caller still to be confirmed, if its authentication left that to the request's statement. */
    public static Optional<Deferred> deferred() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof Deferred d ? Optional.of(d) : Optional.empty();
    }

    public static Caller require() {
        return current().orElseThrow(() -> new HoliException(HoliException.Kind.UNAUTHORIZED, "Not signed in"));
    }

    /**
     * Runs work as this caller outside a request (demo data, scheduled jobs acting for a user): the same gate
     * decisions and audit records as if the caller had made the requests.
     */
    public <T> T runAs(java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                this, null, org.springframework.security.core.authority.AuthorityUtils.createAuthorityList("ROLE_" + role.name())));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public boolean hasRole(Role r) {
        return role == r;
    }
}
