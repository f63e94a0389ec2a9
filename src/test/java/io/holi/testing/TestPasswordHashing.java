package io.holi.testing;

import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every application the tests start in this JVM hashes passwords and recovery codes with Argon2id at the smallest
 * cost the algorithm allows (64 KiB, one pass) instead of the product's (16 MiB, two passes): the same algorithm,
 * format and code paths, without the suite spending most of its processor time in key stretching (a profile of the
 * authorization matrix showed three quarters of its samples inside Argon2). The product's parameters are proven by
 * {@code identity.internal.PasswordHashParametersTest}, and the packaged jar's tests ({@code *IT}) use them as shipped.
 */
@AutoConfiguration
public class TestPasswordHashing {

    @Bean
    static BeanPostProcessor cheapPasswordHashes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof PasswordEncoder && "passwordEncoder".equals(name)) {
                    return new DelegatingPasswordEncoder("argon2", Map.of(
                            "argon2", new Argon2PasswordEncoder(16, 32, 1, 64, 1),
                            "bcrypt", new BCryptPasswordEncoder(4)));
                }
                return bean;
            }
        };
    }
}
