package io.holi.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param jwtSecret         JWT_SECRET: HMAC key for access tokens, at least 32 bytes
 * @param jwtSecretPrevious JWT_SECRET_PREVIOUS: the key being rotated out; its tokens still verify
 * @param issuer            the tokens' iss claim; tokens of another issuer are refused
 * @param tokenTtl          access-token lifetime
 * @param maxFailedLogins   failed logins in a row that lock an account
 * @param lockout           how long a locked account stays locked
 * @param adminEmail        HOLI_ADMIN_EMAIL: first administrator, created when no user exists
 * @param adminPassword     HOLI_ADMIN_PASSWORD
 */
@ConfigurationProperties("holi.auth")
public record IdentityProperties(String jwtSecret, String jwtSecretPrevious,
                                 @DefaultValue("holi") String issuer,
                                 @DefaultValue("15m") Duration tokenTtl,
                                 @DefaultValue("5") int maxFailedLogins,
                                 @DefaultValue("15m") Duration lockout,
                                 String adminEmail, String adminPassword) {

    @Override
    public String toString() {
        return "IdentityProperties[issuer=" + issuer + ", tokenTtl=" + tokenTtl + "]";
    }
}
