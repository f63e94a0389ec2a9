package io.holi.fhir.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.identity.ClientTokens;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.RequestPaths;
import io.holi.platform.TokenGrant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SMART Backend Services' token endpoint: {@code client_credentials} with a JWT assertion (RFC 7523) signed by a
 * key of the client's registered JWK set. The token acts as the client's user, narrowed to the system/ scopes
 * asked for and registered; every issue and every refusal is audited.
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "FHIR")
class TokenEndpoint {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** SMART: an assertion lives at most five minutes. */
    static final Duration MAX_ASSERTION_LIFE = Duration.ofMinutes(5);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

    private final BackendClients clients;
    private final UserService users;
    private final ClientTokens tokens;
    private final AuditTrail audit;

    TokenEndpoint(BackendClients clients, UserService users, ClientTokens tokens, AuditTrail audit) {
        this.clients = clients;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** An OAuth error (RFC 6749 §5.2), audited; never says more than the client needs to fix its request. */
    static final class Refused extends RuntimeException {
        final String error;
        final int status;

        Refused(String error, int status, String description) {
            super(description);
            this.error = error;
            this.status = status;
        }
    }

    @PostMapping(path = RequestPaths.FHIR_TOKEN, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "SMART Backend Services: exchange a signed client assertion (RFC 7523) for a system/ access token.")
    ResponseEntity<Map<String, Object>> token(@RequestParam(name = "grant_type", required = false) String grantType,
                                              @RequestParam(name = "scope", required = false) String scope,
                                              @RequestParam(name = "client_assertion_type", required = false) String assertionType,
                                              @RequestParam(name = "client_assertion", required = false) String assertion,
                                              HttpServletRequest request) {
        try {
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(issue(grantType, scope, assertionType, assertion, request));
        } catch (Refused e) {
            audit.record(AuditEvent.of(AuditAction.LOGIN_FAILED).denied(e.getMessage()).resource("FhirClient").build());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.error);
            body.put("error_description", e.getMessage());
            return ResponseEntity.status(e.status).cacheControl(CacheControl.noStore()).body(body);
        }
    }

    private Map<String, Object> issue(String grantType, String scope, String assertionType, String assertion, HttpServletRequest request) {
        if (!"client_credentials".equals(grantType)) {
            throw new Refused("unsupported_grant_type", 400, "grant_type must be client_credentials");
        }
        if (!ASSERTION_TYPE.equals(assertionType) || assertion == null || assertion.isBlank()) {
            throw new Refused("invalid_request", 400, "client_assertion_type must be " + ASSERTION_TYPE + " with a client_assertion");
        }
        if (scope == null || scope.isBlank()) {
            throw new Refused("invalid_scope", 400, "scope is required (system/ scopes, e.g. system/*.rs)");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("invalid_client", 401, "client_assertion is not a signed JWT");
        }
        UUID clientId;
        try {
            clientId = UUID.fromString(String.valueOf(claims.getIssuer()));
        } catch (IllegalArgumentException e) {
            throw new Refused("invalid_client", 401, "the assertion's iss must be the client_id holi gave at registration");
        }
        BackendClients.Registration client = clients.registration(clientId)
                .orElseThrow(() -> new Refused("invalid_client", 401, "no client " + clientId + " is registered"));
        if (!client.active()) {
            throw new Refused("invalid_client", 401, "client " + client.name() + " was revoked");
        }
        verify(jwt, claims, client, SmartConfiguration.tokenEndpoint(request));
        Set<String> registered = Set.of(client.scope().split(" "));
        List<String> granted = Arrays.stream(scope.trim().split("\\s+")).distinct()
                .filter(s -> SmartScopes.parseOne(s).isPresent() && covered(s, registered)).toList();
        if (granted.isEmpty()) {
            throw new Refused("invalid_scope", 400, "none of the scopes asked for is registered for this client (" + client.scope() + ")");
        }
        UserAccount user = users.find(client.actingUserId()).filter(UserAccount::active)
                .orElseThrow(() -> new Refused("invalid_client", 401, "the user this client acts as is deactivated"));
        String grantedScope = String.join(" ", granted);
        ClientTokens.Token token = tokens.issueForClient(user.id(), user.role(), new TokenGrant(Optional.of(grantedScope),
                Optional.empty(), Optional.of(client.id()), Optional.of(client.name())));
        audit.record(AuditEvent.of(AuditAction.LOGIN).actor(user.id(), "client:" + client.name(), user.role().name())
                .resource("FhirClient", client.id()).detail("scope", grantedScope).build());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", token.expiresInSeconds());
        body.put("scope", grantedScope);
        return body;
    }

    /** A scope asked for is covered when registered scopes allow all it names (system/*.rs covers system/Patient.r). */
    private static boolean covered(String asked, Set<String> registered) {
        var scope = SmartScopes.parseOne(asked).orElseThrow();
        SmartScopes mine = SmartScopes.parse(String.join(" ", registered));
        return scope.context() == SmartScopes.Context.SYSTEM && scope.permissions().stream()
                .allMatch(p -> mine.allows(scope.resourceType(), p, Set.of(SmartScopes.Context.SYSTEM)));
    }

    private void verify(SignedJWT jwt, JWTClaimsSet claims, BackendClients.Registration client, String audience) {
        if (!client.id().toString().equals(claims.getSubject())) {
            throw new Refused("invalid_client", 401, "the assertion's sub must equal its iss (the client_id)");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new Refused("invalid_client", 401, "the assertion must be signed with RS384 or ES384");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new Refused("invalid_client", 401, "the assertion's aud must be this token endpoint: " + audience);
        }
        Instant now = Instant.now();
        if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(now.minusSeconds(30))) {
            throw new Refused("invalid_client", 401, "the assertion has expired (or has no exp)");
        }
        if (claims.getExpirationTime().toInstant().isAfter(now.plus(MAX_ASSERTION_LIFE).plusSeconds(30))) {
            throw new Refused("invalid_client", 401, "the assertion's exp is more than five minutes ahead");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new Refused("invalid_client", 401, "the assertion needs a jti");
        }
        if (!signedByClient(jwt, client)) {
            throw new Refused("invalid_client", 401, "the assertion's signature matches no key registered for this client");
        }
        if (!clients.spend(client.id(), claims.getJWTID(), claims.getExpirationTime().toInstant())) {
            throw new Refused("invalid_client", 401, "this assertion (its jti) was already used");
        }
    }

    private static boolean signedByClient(SignedJWT jwt, BackendClients.Registration client) {
        JWKSet keys;
        try {
            keys = JWKSet.parse(client.jwks());
        } catch (ParseException e) {
            return false;
        }
        String kid = jwt.getHeader().getKeyID();
        for (JWK key : keys.getKeys()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                        : key instanceof ECKey ec ? new ECDSAVerifier(ec) : null;
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            } catch (com.nimbusds.jose.JOSEException e) {
                // a key of the wrong type for this algorithm: try the next
            }
        }
        return false;
    }
}
