package io.holi.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every forged or stale token gets 401, and every 401 is audited as UNAUTHORIZED_ACCESS with its origin. */
class TokenAttackTest extends ApiTest {

    private Api.User doc;

    @BeforeEach
    void user() {
        doc = api.createUser(adminToken(), "CLINICIAN");
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("holi").subject(doc.id().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("role", "ADMIN").claim("email", doc.email());
    }

    private static String sign(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private void assertRejectedAndAudited(String token, String reason) {
        Api.Response r = api.send("GET", "/api/me", token, null, Map.of("User-Agent", "attacker/6.6"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.body()).doesNotContain(doc.email());
        Map<String, Object> row = auditOf(r).get(0);
        assertThat(row).containsEntry("action", "UNAUTHORIZED_ACCESS").containsEntry("outcome", "DENIED")
                .containsEntry("ip", "127.0.0.1").containsEntry("user_agent", "attacker/6.6")
                .containsEntry("user_id", null);
        assertThat(row.get("details").toString()).contains(reason).contains("/api/me");
    }

    @Test
    void aValidTokenSignedWithTheCurrentKeyIsAccepted() throws Exception {
        assertThat(api.get("/api/me", sign(claims().build(), JWT_SECRET)).status()).isEqualTo(200);
    }

    @Test
    void aTokenSignedWithThePreviousKeyStillVerifiesDuringRotation() throws Exception {
        assertThat(api.get("/api/me", sign(claims().build(), JWT_SECRET_PREVIOUS)).status()).isEqualTo(200);
    }

    @Test
    void roleClaimsInTheTokenAreNotTrusted() throws Exception {
        // the token says ADMIN; the database says CLINICIAN
        assertThat(api.get("/api/users", sign(claims().build(), JWT_SECRET)).status()).isEqualTo(403);
    }

    @Test
    void algNoneIsRefused() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims().build().toString().getBytes(StandardCharsets.UTF_8));
        assertRejectedAndAudited(header + "." + payload + ".", "algorithm");
    }

    @Test
    void aWrongSignatureIsRefused() throws Exception {
        assertRejectedAndAudited(sign(claims().build(), "an-attackers-own-secret-that-is-long-enough"), "signature");
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String good = sign(claims().build(), JWT_SECRET);
        String[] parts = good.split("\\.");
        String other = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().subject(UUID.randomUUID().toString()).build().toString().getBytes(StandardCharsets.UTF_8));
        assertRejectedAndAudited(parts[0] + "." + other + "." + parts[2], "signature");
    }

    @Test
    void aWrongIssuerIsRefused() throws Exception {
        assertRejectedAndAudited(sign(claims().issuer("someone-else").build(), JWT_SECRET), "issued by someone else");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertRejectedAndAudited(sign(claims().issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(900))).build(), JWT_SECRET), "expired");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        assertRejectedAndAudited(sign(claims().expirationTime(null).build(), JWT_SECRET), "not valid");
    }

    @Test
    void aTokenWithoutAnIssueTimeIsRefused() throws Exception {
        // Spring fills a missing iat in from exp; a token without one could never be revoked by a sign-out
        assertRejectedAndAudited(sign(claims().issueTime(null).build(), JWT_SECRET), "the token has no issue time (iat)");
    }

    @Test
    void aTokenLivingLongerThanTheServerIssuesIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRejectedAndAudited(sign(claims().issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(86_400)))
                .build(), JWT_SECRET), "lifetime is longer than this server issues");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedForThatReasonNotAsAnotherIssuers() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        String token = sign(claims().issueTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(300))).build(), JWT_SECRET);
        assertRejectedAndAudited(token, "the token's issue time is in the future");
        Api.Response r = api.get("/api/me", token);
        assertThat(auditOf(r).get(0).get("details").toString()).doesNotContain("issued by someone else");
    }

    @Test
    void garbageIsRefused() {
        assertRejectedAndAudited("not-a-jwt", "malformed");
    }

    @Test
    void noTokenIsRefused() {
        Api.Response r = api.get("/api/me", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(auditOf(r).get(0)).containsEntry("action", "UNAUTHORIZED_ACCESS");
        assertThat(auditOf(r).get(0).get("details").toString()).contains("no bearer token");
    }

    @Test
    void aDeactivatedUsersTokenStopsWorkingAtOnce() {
        String token = api.login(doc.email(), doc.password());
        assertThat(api.get("/api/me", token).status()).isEqualTo(200);
        assertThat(api.delete("/api/users/" + doc.id(), adminToken()).status()).isEqualTo(204);

        Api.Response after = api.get("/api/me", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(auditOf(after).get(0).get("details").toString()).contains("deactivated");
        assertThat(api.post("/api/auth/login", null, Map.of("email", doc.email(), "password", doc.password())).status())
                .isEqualTo(401);
    }
}
