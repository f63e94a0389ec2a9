package io.holi.identity.internal;

import io.holi.platform.Caller;
import io.holi.platform.TokenGrant;
import org.springframework.core.convert.converter.Converter;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns a verified token into a caller, reading the user's current state on every request: a deactivated
 * user's tokens stop working at once, a signed-out session's tokens too, and a role change applies at once.
 */
final class CallerAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final UserRepository users;

    CallerAuthenticationConverter(UserRepository users) {
        this.users = users;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UUID id;
        try {
            id = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidBearerTokenException("the token's subject is not a user id");
        }
        UserRepository.TokenState state;
        try {
            state = users.tokenState(id).orElseThrow(() -> new InvalidBearerTokenException("the token names no known user"));
        } catch (DataAccessException e) {
            throw new AuthenticationServiceException("the database cannot be reached to verify the caller", e);
        }
        if (!state.active()) {
            throw new DisabledException("the account is deactivated");
        }
        if (state.tokensValidAfter() != null && issuedAt(jwt).isBefore(state.tokensValidAfter())) {
            throw new InvalidBearerTokenException("the token was revoked by a sign-out");
        }
        TokenGrant grant = grant(jwt);
        // a backend client's token acts with its user's role and grants, and is audited under the client's name
        String email = grant.clientName().map(n -> "client:" + n).orElse(state.email());
        return new CallerAuthentication(new Caller(id, email, state.role()), grant);
    }

    private static TokenGrant grant(Jwt jwt) {
        try {
            return new TokenGrant(Optional.ofNullable(jwt.getClaimAsString("scope")),
                    Optional.ofNullable(jwt.getClaimAsString("patient")).map(UUID::fromString),
                    Optional.ofNullable(jwt.getClaimAsString("client_id")).map(UUID::fromString),
                    Optional.ofNullable(jwt.getClaimAsString("client_name")));
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("the token's patient or client is not an id");
        }
    }

    private static java.time.Instant issuedAt(Jwt jwt) {
        Object millis = jwt.getClaims().get("iat_ms");
        if (millis instanceof Number n) {
            return java.time.Instant.ofEpochMilli(n.longValue());
        }
        return jwt.getIssuedAt();
    }
}
