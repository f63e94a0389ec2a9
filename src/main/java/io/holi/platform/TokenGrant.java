package io.holi.platform;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;
import java.util.UUID;

/**
 * What the current request's token was granted beyond its user: SMART scopes (which only narrow what the role and
 * grants allow), the patient it was launched for, and the backend client it was issued to. A token signed in at
 * /api/auth/login without a scope carries none of these: the role decides alone.
 */
public record TokenGrant(Optional<String> scope, Optional<UUID> patient, Optional<UUID> clientId, Optional<String> clientName) {

    public static final TokenGrant NONE = new TokenGrant(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** An authentication that knows its token's grant. */
    public interface Holder {
        TokenGrant tokenGrant();
    }

    public static TokenGrant current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth instanceof Holder h ? h.tokenGrant() : NONE;
    }

    /** Scoped tokens (and clients' tokens) serve FHIR only: elsewhere their scopes could not be honoured. */
    public boolean scoped() {
        return scope.isPresent() || clientId.isPresent();
    }
}
