package io.holi.identity.internal;

import io.holi.platform.Caller;
import io.holi.platform.RequestMetadata;
import io.holi.platform.RequestPaths;
import io.holi.platform.Role;
import io.holi.platform.TokenGrant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * On the routes whose record read compares that state in its own statement ({@link RequestPaths#confirmsCallerInStatement})
 * the read is left to that statement: one round trip instead of two, the same rule (see {@link io.holi.identity.CallerState}).
 */
final class CallerAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final UserRepository users;
    private final Counter byStatement;
    private final Counter byQuery;

    CallerAuthenticationConverter(UserRepository users, MeterRegistry meters) {
        this.users = users;
        String help = "Bearer-token callers whose current state (active, role, sign-outs) was confirmed, by where it was read: "
                + "in the request's own record read (statement) or in a query of its own (query)";
        this.byStatement = Counter.builder("holi_caller_checks").description(help).tag("by", "statement").register(meters);
        this.byQuery = Counter.builder("holi_caller_checks").description(help).tag("by", "query").register(meters);
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        UUID id;
        try {
            id = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidBearerTokenException("the token's subject is not a user id");
        }
        TokenGrant grant = grant(jwt);
        Optional<Caller> claimed = claimed(id, jwt, grant);
        if (claimed.isPresent() && RequestMetadata.ofRequest().map(m -> RequestPaths.confirmsCallerInStatement(m.method(), m.path())).orElse(false)) {
            return new DeferredCallerAuthentication(claimed.get(), issuedAt(jwt), grant, () -> verify(id, jwt, grant), byStatement::increment);
        }
        return new CallerAuthentication(verify(id, jwt, grant), grant);
    }

    /** The caller as the token states it, when it states enough (tokens of older releases may lack email or role). */
    private static Optional<Caller> claimed(UUID id, Jwt jwt, TokenGrant grant) {
        String email = jwt.getClaimAsString("email");
        String role = jwt.getClaimAsString("role");
        if (email == null || role == null || issuedAt(jwt) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Caller(id, auditedAs(grant, email), Role.valueOf(role)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Caller verify(UUID id, Jwt jwt, TokenGrant grant) {
        byQuery.increment();
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
        return new Caller(id, auditedAs(grant, state.email()), state.role());
    }

    /** A backend client's token acts with its user's role and grants, and is audited under the client's name. */
    private static String auditedAs(TokenGrant grant, String userEmail) {
        return grant.clientName().map(n -> "client:" + n).orElse(userEmail);
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
