package io.holi.identity.internal;

import io.holi.platform.Caller;
import io.holi.platform.TokenGrant;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** An authenticated request: the caller as the database knows it now, and what its token was granted. */
final class CallerAuthentication extends AbstractAuthenticationToken implements TokenGrant.Holder {

    private final Caller caller;
    private final TokenGrant grant;

    CallerAuthentication(Caller caller) {
        this(caller, TokenGrant.NONE);
    }

    CallerAuthentication(Caller caller, TokenGrant grant) {
        super(AuthorityUtils.createAuthorityList("ROLE_" + caller.role()));
        this.caller = caller;
        this.grant = grant;
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

    @Override
    public String getName() {
        return caller.id().toString();
    }

    @Override
    public TokenGrant tokenGrant() {
        return grant;
    }
}
