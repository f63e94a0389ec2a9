package io.holi.identity.internal;

import io.holi.platform.Caller;
import io.holi.platform.TokenGrant;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A bearer token's caller on a route whose record read also compares the caller's state with the database's
 * (see {@link Caller.Deferred}). Until that statement (or anything else) confirms it, the principal and the
 * authorities are not handed out unverified: asking for either reads the state first, exactly as
 * {@link CallerAuthentication} would have at sign-in of the request.
 */
final class DeferredCallerAuthentication extends AbstractAuthenticationToken implements Caller.Deferred, TokenGrant.Holder {

    private final Caller claimed;
    private final Instant issuedAt;
    private final TokenGrant grant;
    private final Supplier<Caller> verify;
    private final Runnable confirmedByStatement;
    private Caller verified;

    DeferredCallerAuthentication(Caller claimed, Instant issuedAt, TokenGrant grant, Supplier<Caller> verify,
                                 Runnable confirmedByStatement) {
        super(List.of());
        this.claimed = claimed;
        this.issuedAt = issuedAt;
        this.grant = grant;
        this.verify = verify;
        this.confirmedByStatement = confirmedByStatement;
        setAuthenticated(true);
    }

    @Override
    public Caller claimed() {
        return claimed;
    }

    @Override
    public Instant issuedAt() {
        return issuedAt;
    }

    @Override
    public Caller verified() {
        if (verified == null) {
            verified = verify.get();
        }
        return verified;
    }

    @Override
    public Caller confirmed(Boolean claimsHold) {
        if (verified == null && Boolean.TRUE.equals(claimsHold)) {
            confirmedByStatement.run();
            verified = claimed;
        }
        return verified();
    }

    @Override
    public Collection<GrantedAuthority> getAuthorities() {
        return AuthorityUtils.createAuthorityList("ROLE_" + verified().role());
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return verified();
    }

    @Override
    public String getName() {
        return claimed.id().toString();
    }

    @Override
    public TokenGrant tokenGrant() {
        return grant;
    }

    /** Nothing secret is held; the default would ask for the principal, a database read. */
    @Override
    public void eraseCredentials() {
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "DeferredCallerAuthentication[" + claimed.id() + (verified == null ? ", unconfirmed]" : ", confirmed]");
    }
}
