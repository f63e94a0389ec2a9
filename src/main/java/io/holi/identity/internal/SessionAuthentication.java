package io.holi.identity.internal;

import io.holi.platform.Caller;
import java.time.Instant;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A signed-in web session: the caller and when they signed in. Stored in the session (PostgreSQL), so any instance
 * serves the next request; the caller's state is read again on every request.
 */
public final class SessionAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final Caller caller;
    private final Instant signedInAt;

    public SessionAuthentication(Caller caller, Instant signedInAt) {
        super(AuthorityUtils.createAuthorityList("ROLE_" + caller.role()));
        this.caller = caller;
        this.signedInAt = signedInAt;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    public Instant signedInAt() {
        return signedInAt;
    }

    /** The session's principal name, indexed by Spring Session: the user id, never the email. */
    @Override
    public String getName() {
        return caller.id().toString();
    }
}
