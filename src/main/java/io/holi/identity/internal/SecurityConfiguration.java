package io.holi.identity.internal;

import io.holi.audit.AuditTrail;
import io.holi.database.HoliDatabase;
import io.holi.identity.IdentityProperties;
import io.holi.platform.HoliProperties;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestPaths;
import io.holi.platform.TokenGrant;
import io.holi.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Stateless bearer-token security. Open routes: login, health, the OpenAPI document and its UI.
 * Everything else needs a valid token of an active user; role rules sit on the controllers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {

    static final String[] OPEN = {"/api/health", "/api/health/live", "/api/health/ready", "/api/health/metrics",
            "/api/openapi.json", "/api/openapi.json/**",
            "/api/docs", "/api/docs/**", "/api/swagger-ui/**", "/swagger-ui/**", "/v3/api-docs/**", "/error",
            // Alertmanager authenticates with its own shared token (checked by the receiver), not as a user
            RequestPaths.ALERTMANAGER_WEBHOOK,
            // the SMS and email vendors sign their callbacks (checked by the receiver)
            RequestPaths.REMINDER_WEBHOOKS + "**",
            // FHIR discovery, and the token endpoint where backend clients authenticate with a signed assertion
            "/fhir/metadata", "/fhir/.well-known/smart-configuration", "/.well-known/smart-configuration", RequestPaths.FHIR_TOKEN};

    /** holi has its own request metrics; Spring Security's per-filter observations only cost CPU. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's default firewall, its character rules decided without regular expressions (same answers). */
    @Bean
    WebSecurityCustomizer cheaperFirewall() {
        StrictHttpFirewall firewall = firewall();
        return web -> web.httpFirewall(firewall);
    }

    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::assignedAndNotControl);
        return firewall;
    }

    @Bean
    TokenService tokenService(IdentityProperties identity, HoliProperties holi, HoliDatabase database) {
        return new TokenService(JwtKeys.load(identity, holi, database), identity);
    }

    @Bean
    AuditingSecurityHandlers auditingSecurityHandlers(AuditTrail audit, ProblemWriter problems, RateLimiter limiter) {
        return new AuditingSecurityHandlers(audit, problems, limiter);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, UserRepository users,
                            AuditingSecurityHandlers handlers, MeterRegistry meters) throws Exception {
        http.csrf(c -> c.disable())
                .cors(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .anonymous(a -> a.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/auth/login", "/api/auth/mfa/enrol", "/api/auth/mfa/confirm").permitAll()
                        .requestMatchers(OPEN).permitAll()
                        .requestMatchers("/fhir/**").authenticated()
                        // a token narrowed by SMART scopes serves FHIR only: the rest of the API cannot honour scopes
                        .anyRequest().access((authentication, context) -> new AuthorizationDecision(
                                authentication.get() instanceof TokenGrant.Holder h && !h.tokenGrant().scoped())))
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(j -> j.decoder(tokens).jwtAuthenticationConverter(new CallerAuthenticationConverter(users, meters)))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
        return http.build();
    }
}
