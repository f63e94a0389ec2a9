package io.holi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The product hashes with Argon2id at 16 MiB and two passes (the tests' applications use less: TestPasswordHashing). */
class PasswordHashParametersTest {

    @Test
    void passwordsAreHashedWithArgon2idAtTheProductsCost() {
        PasswordEncoder encoder = new IdentityConfiguration().passwordEncoder();
        String hash = encoder.encode("correct horse battery staple");
        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(encoder.matches("correct horse battery staple", hash)).isTrue();
        assertThat(encoder.matches("wrong", hash)).isFalse();
    }
}
