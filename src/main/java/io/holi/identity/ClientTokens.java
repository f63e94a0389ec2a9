package io.holi.identity;

import io.holi.platform.Role;
import io.holi.platform.TokenGrant;

import java.util.UUID;

/**
 * Access tokens for registered backend clients (SMART Backend Services): the fhir module verifies the client's
 * signed assertion, then asks for a token that acts as the client's user, narrowed by the client's scopes.
 */
public interface ClientTokens {

    record Token(String accessToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Token[redacted]";
        }
    }

    Token issueForClient(UUID actingUser, Role role, TokenGrant grant);
}
