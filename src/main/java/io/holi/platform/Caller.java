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

    public static Optional<Caller> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
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
