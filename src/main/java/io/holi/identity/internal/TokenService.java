package io.holi.identity.internal;

import io.holi.identity.IdentityProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Issues and verifies access tokens (HS256, Nimbus through Spring Security). */
final class TokenService implements JwtDecoder {

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
        list.add(decoder(keys.current(), properties.issuer()));
        keys.previous().ifPresent(k -> list.add(decoder(k, properties.issuer())));
        this.decoders = List.copyOf(list);
    }

    private static JwtDecoder decoder(SecretKey key, String issuer) {
        NimbusJwtDecoder d = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(Duration.ofSeconds(30)),
                new JwtIssuerValidator(issuer),
                requireExpiryAndSubject()));
        return d;
    }

    /** A token without an expiry would be valid forever; one without a subject names nobody. */
    private static OAuth2TokenValidator<Jwt> requireExpiryAndSubject() {
        return jwt -> jwt.getExpiresAt() == null || jwt.getSubject() == null || jwt.getIssuedAt() == null
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token lacks exp, iat or sub", null))
                : OAuth2TokenValidatorResult.success();
    }

    Issued issue(UUID userId, String email, String role) {
        Instant now = Instant.now();
        Instant expires = now.plus(properties.tokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(userId.toString())
                .issuedAt(now)
                .expiresAt(expires)
                .id(UUID.randomUUID().toString())
                .claim("email", email)
                .claim("role", role)
                // issued-at in milliseconds: a sign-out and a new sign-in within the same second stay distinct
                .claim("iat_ms", now.toEpochMilli())
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
