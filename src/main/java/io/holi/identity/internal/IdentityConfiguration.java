package io.holi.identity.internal;

import io.holi.crypto.EncryptedColumn;
import io.holi.identity.SecondFactor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    /** Argon2id for new hashes; hashes carry their algorithm ({argon2}…) so a later change needs no migration. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    /** Each user's TOTP secret, encrypted like PHI: key status and rotation cover it. */
    @Bean
    EncryptedColumn userMfaSecret() {
        return SecondFactor.SECRET;
    }
}
