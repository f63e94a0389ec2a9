package io.holi.ratelimit;

import org.junit.jupiter.api.parallel.Isolated;
import io.holi.testing.Api;
import io.holi.testing.RedisServer;
import io.holi.testing.TestKeys;
import io.holi.testing.TwoInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two holi instances sharing one real Redis ({@link TwoInstances}): the limits hold across both; Redis killed, traffic
 * continues (fail open); Redis back, limiting resumes without a restart.
 */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
@Isolated("captures standard output or sets system properties")
@ResourceLock(TwoInstances.LOCK)
class RateLimitTest {

    private static RedisServer redis;
    private static Api apiA;
    private static Api apiB;
    private static String admin;

    /** Each test comes from its own client address (through the trusted local proxy). */
    private static Map<String, String> from(String ip) {
        return Map.of("X-Forwarded-For", ip);
    }

    @BeforeAll
    static void start() {
        TwoInstances instances = TwoInstances.get();
        redis = instances.redis();
        apiA = instances.apiA();
        apiB = instances.apiB();
        admin = apiA.login(TwoInstances.ADMIN_EMAIL, TwoInstances.ADMIN_PASSWORD);
        // the test JVM has one logback context, its levels those of the last application to start (a command's are
        // WARN): the limiter's lines this class reads are INFO (nothing else starts meanwhile: the class is isolated)
        LoggingSystem.get(RateLimitTest.class.getClassLoader()).setLogLevel("io.holi.ratelimit", LogLevel.INFO);
    }

    private static String newUserToken(String ip) {
        String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@limits.test";
        apiA.send("POST", "/api/users", admin, Map.of("email", email, "name", "U", "role", "STAFF",
                "password", "twelve-chars-ok"), from("198.51.100.1"));
        return apiB.send("POST", "/api/auth/login", null, Map.of("email", email, "password", "twelve-chars-ok"), from(ip))
                .json().get("accessToken").asString();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void signInAttemptsAreLimitedPerAddressAcrossInstances() {
        String ip = "203.0.113.10";
        Map<String, Object> wrong = Map.of("email", "nobody@limits.test", "password", "guess-guess-guess");
        assertThat(apiA.send("POST", "/api/auth/login", null, wrong, from(ip)).status()).isEqualTo(401);
        assertThat(apiB.send("POST", "/api/auth/login", null, wrong, from(ip)).status()).isEqualTo(401);
        assertThat(apiA.send("POST", "/api/auth/login", null, wrong, from(ip)).status()).isEqualTo(401);
        Api.Response limited = apiB.send("POST", "/api/auth/login", null, wrong, from(ip));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        // another address is not affected
        assertThat(apiB.send("POST", "/api/auth/login", null, wrong, from("203.0.113.11")).status()).isEqualTo(401);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void requestsArePerUserAcrossInstances() {
        String token = newUserToken("203.0.113.20");
        for (int i = 0; i < TwoInstances.PER_USER_PER_MINUTE; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            assertThat(api.send("GET", "/api/me", token, null, from("203.0.113.20")).status()).as("request " + i).isEqualTo(200);
        }
        Api.Response limited = apiA.send("GET", "/api/me", token, null, from("203.0.113.20"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("detail").asString()).contains("Too many requests from this user");
        assertThat(apiB.get("/api/health/metrics", TestKeys.METRICS).json().get("rateLimit").get("failOpen").asLong()).isZero();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void withRedisGoneRequestsPassAndWhenItReturnsLimitingResumes(CapturedOutput output) {
        String token = newUserToken("203.0.113.30");
        redis.stop();
        for (int i = 0; i < 20; i++) {
            assertThat(apiA.send("GET", "/api/me", token, null, from("203.0.113.30")).status()).as("request " + i).isEqualTo(200);
        }
        assertThat(apiA.get("/api/health", null).json().get("status").asString()).isEqualTo("degraded");
        assertThat(apiA.get("/api/health/metrics", TestKeys.METRICS).json().get("rateLimit").get("failOpen").asLong()).isPositive();
        assertThat(apiA.send("GET", "/api/health/metrics", TestKeys.METRICS, null, Map.of("Accept", "text/plain")).body())
                .containsPattern("holi_ratelimit_fail_open_total \\d+");
        assertThat(output.getOut()).contains("Rate limiter failing open: Redis unreachable");

        redis.start();
        Awaitility.await("limits apply again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> apiA.send("GET", "/api/me", token, null, from("203.0.113.30")).status() == 429);
        assertThat(apiA.get("/api/health", null).json().get("status").asString()).isEqualTo("healthy");
        assertThat(output.getOut()).contains("Redis reachable again: rate limiting resumed");
    }
}
