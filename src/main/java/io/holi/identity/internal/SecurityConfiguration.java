package io.holi.identity.internal;

import io.holi.audit.AuditTrail;
import io.holi.identity.IdentityProperties;
import io.holi.platform.HoliDatabase;
import io.holi.platform.HoliProperties;
import io.holi.platform.ProblemWriter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security. Open routes: login, health, the OpenAPI document and its UI.
 * Everything else needs a valid token of an active user; role rules sit on the controllers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {

    static final String[] OPEN = {"/api/health", "/api/health/**", "/api/openapi.json", "/api/openapi.json/**",
            "/api/docs", "/api/docs/**", "/api/swagger-ui/**", "/swagger-ui/**", "/v3/api-docs/**", "/error"};

    @Bean
    TokenService tokenService(IdentityProperties identity, HoliProperties holi, HoliDatabase database) {
        return new TokenService(JwtKeys.load(identity, holi, database), identity);
    }

    @Bean
    AuditingSecurityHandlers auditingSecurityHandlers(AuditTrail audit, ProblemWriter problems) {
        return new AuditingSecurityHandlers(audit, problems);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, UserRepository users,
                            AuditingSecurityHandlers handlers) throws Exception {
        http.csrf(c -> c.disable())
                .cors(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> a.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/auth/login").permitAll()
                        .requestMatchers(OPEN).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(tokenResolver())
                        .jwt(j -> j.decoder(tokens).jwtAuthenticationConverter(new CallerAuthenticationConverter(users)))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
        return http.build();
    }

    /** Open routes ignore a stale token instead of refusing the request. */
    private static BearerTokenResolver tokenResolver() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return request -> {
            String path = request.getRequestURI();
            if (path.equals("/api/auth/login") || path.startsWith("/api/health") || path.startsWith("/api/docs")
                    || path.startsWith("/api/openapi.json") || path.startsWith("/api/swagger-ui") || path.startsWith("/swagger-ui")) {
                return null;
            }
            return standard.resolve(request);
        };
    }
}
