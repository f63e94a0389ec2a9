package io.holi.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.holi.platform.Role;
import java.time.Duration;
import java.util.Set;

/**
 * @param jwtSecret         JWT_SECRET: HMAC key for access tokens, at least 32 bytes
 * @param jwtSecretPrevious JWT_SECRET_PREVIOUS: the key being rotated out; its tokens still verify
 * @param issuer            the tokens' iss claim; tokens of another issuer are refused
 * @param tokenTtl          access-token lifetime
 * @param maxFailedLogins   failed logins in a row that lock an account
 * @param lockout           how long a locked account stays locked
 * @param adminEmail        HOLI_ADMIN_EMAIL: first administrator, created when no user exists
 * @param adminPassword     HOLI_ADMIN_PASSWORD
 * @param mfaRequiredRoles  HOLI_MFA_REQUIRED_ROLES: roles that must use a second factor besides ADMIN and AUDITOR
 * @param mfaIssuer         the name authenticator apps show beside the account
 * @param sessionIdleTimeout  HOLI_SESSION_IDLE_TIMEOUT: a web session idle this long ends (HIPAA automatic logoff)
 * @param sessionAbsoluteTimeout HOLI_SESSION_ABSOLUTE_TIMEOUT: a web session ends this long after sign-in, busy or not
 * @param sessionWarning    how long before the idle logoff the page warns
 */
@ConfigurationProperties("holi.auth")
public record IdentityProperties(String jwtSecret, String jwtSecretPrevious,
                                 @DefaultValue("holi") String issuer,
                                 @DefaultValue("15m") Duration tokenTtl,
                                 @DefaultValue("5") int maxFailedLogins,
                                 @DefaultValue("15m") Duration lockout,
                                 String adminEmail, String adminPassword,
                                 @DefaultValue Set<Role> mfaRequiredRoles,
                                 @DefaultValue("holi") String mfaIssuer,
                                 @DefaultValue("15m") Duration sessionIdleTimeout,
                                 @DefaultValue("12h") Duration sessionAbsoluteTimeout,
                                 @DefaultValue("1m") Duration sessionWarning) {

    @Override
    public String toString() {
        return "IdentityProperties[issuer=" + issuer + ", tokenTtl=" + tokenTtl + "]";
    }
}
