package io.holi.identity.internal;

import io.holi.identity.IdentityProperties;
import io.holi.platform.Role;
import io.holi.platform.TokenGrant;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Issues and verifies access tokens (HS256, Nimbus through Spring Security). */
final class TokenService implements JwtDecoder, io.holi.identity.ClientTokens {

    record Issued(String token, Instant expiresAt, long expiresInSeconds) {
    }

    private final JwtEncoder encoder;
    private final List<JwtDecoder> decoders;
    private final IdentityProperties properties;
    /**
     * Tokens already verified, by their exact text, until they expire (five minutes at most): a client sends
     * the same token with every request, and verifying it again each time was a tenth of a read's CPU. What
     * can change during a token's life (deactivation, sign-out, role) is read from the database per request.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Jwt> verified = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(20_000)
            .expireAfter(new com.github.benmanes.caffeine.cache.Expiry<String, Jwt>() {
                @Override
                public long expireAfterCreate(String key, Jwt jwt, long now) {
                    long untilExpiry = Duration.between(Instant.now(), jwt.getExpiresAt()).toNanos();
                    return Math.max(0, Math.min(untilExpiry, Duration.ofMinutes(5).toNanos()));
                }

                @Override
                public long expireAfterUpdate(String key, Jwt jwt, long now, long current) {
                    return current;
                }

                @Override
                public long expireAfterRead(String key, Jwt jwt, long now, long current) {
                    return current;
                }
            }).build();

    TokenService(JwtKeys keys, IdentityProperties properties) {
        this.properties = properties;
        this.encoder = NimbusJwtEncoder.withSecretKey(keys.current()).build();
        List<JwtDecoder> list = new ArrayList<>();
        list.add(decoder(keys.current(), properties));
        keys.previous().ifPresent(k -> list.add(decoder(k, properties)));
        this.decoders = List.copyOf(list);
    }

    /** Clocks of several instances differ a little; a token is believed this much either side of its times. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static JwtDecoder decoder(SecretKey key, IdentityProperties properties) {
        NimbusJwtDecoder d = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        // Spring fills a missing iat in (exp less one second); keep it missing so the validator below sees it
        MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
        d.setClaimSetConverter(claims -> {
            Map<String, Object> converted = defaults.convert(claims);
            if (!claims.containsKey(JwtClaimNames.IAT) && converted != null) {
                converted = new HashMap<>(converted);
                converted.remove(JwtClaimNames.IAT);
            }
            return converted;
        });
        d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(CLOCK_SKEW),
                new JwtIssuerValidator(properties.issuer()),
                requireClaims(properties.tokenTtl())));
        return d;
    }

    /**
     * A token without an expiry would be valid forever; one without a subject names nobody; one without an issue
     * time cannot be revoked by a sign-out. A lifetime longer than this server gives, or an issue time in the
     * future, means the token was not issued here as it stands.
     */
    private static OAuth2TokenValidator<Jwt> requireClaims(Duration ttl) {
        return jwt -> {
            if (jwt.getExpiresAt() == null || jwt.getSubject() == null) {
                return invalid("the token lacks exp or sub");
            }
            Instant issued = jwt.getIssuedAt();
            if (issued == null) {
                return invalid("the token has no issue time (iat)");
            }
            if (issued.isAfter(Instant.now().plus(CLOCK_SKEW))) {
                return invalid("the token's issue time is in the future");
            }
            if (Duration.between(issued, jwt.getExpiresAt()).compareTo(ttl.plus(CLOCK_SKEW)) > 0) {
                return invalid("the token's lifetime is longer than this server issues");
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }

    Issued issue(UUID userId, String email, Role role) {
        return issue(userId, email, role, TokenGrant.NONE);
    }

    @Override
    public io.holi.identity.ClientTokens.Token issueForClient(UUID actingUser, Role role, TokenGrant grant) {
        Issued issued = issue(actingUser, "client:" + grant.clientName().orElseThrow(), role, grant);
        return new io.holi.identity.ClientTokens.Token(issued.token(), issued.expiresInSeconds());
    }

    /** A token whose grant narrows the role: its scope, the patient it was launched for, the client it went to. */
    Issued issue(UUID userId, String email, Role role, TokenGrant grant) {
        Instant now = Instant.now();
        Instant expires = now.plus(properties.tokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(expires)
                .id(UUID.randomUUID().toString())
                .claim("email", email)
                .claim("role", role.name())
                // issued-at in milliseconds: a sign-out and a new sign-in within the same second stay distinct
                .claim("iat_ms", now.toEpochMilli())
                .claims(c -> {
                    grant.scope().ifPresent(v -> c.put("scope", v));
                    grant.patient().ifPresent(v -> c.put("patient", v.toString()));
                    grant.clientId().ifPresent(v -> c.put("client_id", v.toString()));
                    grant.clientName().ifPresent(v -> c.put("client_name", v));
                })
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, expires, properties.tokenTtl().toSeconds());
    }

    /**
     * Verifies with the current key, then with the previous one (during a rotation). A token whose
     * signature is fine but whose claims are not is refused at once with that reason.
     */
    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null && cached.getExpiresAt().isAfter(Instant.now())) {
            return cached;
        }
        Jwt jwt = verify(token);
        verified.put(token, jwt);
        return jwt;
    }

    private Jwt verify(String token) throws JwtException {
        JwtException signatureFailure = null;
        for (JwtDecoder d : decoders) {
            try {
                return d.decode(token);
            } catch (BadJwtException e) {
                if (!isSignatureFailure(e)) {
                    throw e;
                }
                if (signatureFailure == null) {
                    signatureFailure = e;
                }
            }
        }
        throw signatureFailure;
    }

    private static boolean isSignatureFailure(JwtException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return m.contains("signature");
    }
}
