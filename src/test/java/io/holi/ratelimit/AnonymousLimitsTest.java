package io.holi.ratelimit;

import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.Api;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits an anonymous client meets, with small numbers so they show: sign-in limits apply to the route as the
 * application resolves it (an encoded path is the same route), per address and per account; what unauthenticated
 * requests write to the audit trail is bounded, per address and over all addresses; only the exact health routes
 * are exempt; the metrics are limited too, and outside the embedded default they need a token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnonymousLimitsTest {

    private static final int LOGIN_PER_IP = 3;
    private static final int LOGIN_PER_ACCOUNT = 4;
    private static final int ANONYMOUS_PER_IP = 20;
    private static final int ANONYMOUS_TOTAL = 50;
    private static final int METRICS = 5;

    private static DatabaseUrl db;
    private static ConfigurableApplicationContext app;
    private static Api api;

    private static String[] settings(boolean metricsToken) {
        List<String> s = new ArrayList<>(List.of("--server.port=0", "--holi.database.url=" + db.toUriWithPassword(),
                "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX, "--holi.auth.admin-email=admin@anonymous.test",
                "--holi.auth.admin-password=admin-password-for-tests", "--holi.web.trusted-proxies=127.0.0.1",
                "--holi.ops.schedule.enabled=false",
                "--holi.rate-limit.login-per-minute=" + LOGIN_PER_IP,
                "--holi.rate-limit.login-per-account-per-minute=" + LOGIN_PER_ACCOUNT,
                "--holi.rate-limit.anonymous-audit-per-minute=" + ANONYMOUS_PER_IP,
                "--holi.rate-limit.anonymous-audit-total-per-minute=" + ANONYMOUS_TOTAL,
                "--holi.rate-limit.metrics-per-minute=" + METRICS));
        if (metricsToken) {
            s.add("--holi.health.metrics-token=" + TestKeys.METRICS);
        }
        return s.toArray(String[]::new);
    }

    @BeforeAll
    static void start() {
        db = TestPostgres.newDatabase("anonymous");
        app = new SpringApplicationBuilder(HoliApplication.class).run(settings(true));
        api = Api.of(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /**
     * What a bucket of {@code perMinute} tokens can have given out since {@code startNanos}: its capacity and what it
     * refilled meanwhile. On a slow machine the refill is larger; the bound stays a bound, whatever the speed.
     */
    private static long mostAllowedSince(long startNanos, int perMinute) {
        double minutes = (System.nanoTime() - startNanos) / 60e9;
        return perMinute + (long) Math.ceil(minutes * perMinute);
    }

    private static Map<String, String> from(String ip) {
        return Map.of("X-Forwarded-For", ip);
    }

    private static long rows(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void anEncodedLoginPathMeetsTheSameLoginLimitAsThePlainOne() {
        long start = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < LOGIN_PER_IP + 3; i++) {
            statuses.add(api.send("POST", "/api/auth/%6Cogin", null, Map.of("email", "victim@anonymous.test",
                    "password", "guess-" + i), from("198.51.100.10")).status());
        }
        assertThat(statuses.subList(0, LOGIN_PER_IP)).containsOnly(401);
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(mostAllowedSince(start, LOGIN_PER_IP));
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(429);
        Api.Response plain = api.send("POST", "/api/auth/login", null, Map.of("email", "victim@anonymous.test",
                "password", "guess"), from("198.51.100.10"));
        assertThat(plain.status()).isEqualTo(429);
        assertThat(plain.header("Retry-After")).isNotBlank();
        assertThat(plain.contentType()).startsWith("application/problem+json");
    }

    @Test
    void oneAccountMeetsItsOwnLimitWhateverAddressesTheAttemptsComeFrom() {
        long start = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < LOGIN_PER_ACCOUNT + 3; i++) {
            statuses.add(api.send("POST", "/api/auth/login", null, Map.of("email", "Target@Anonymous.test",
                    "password", "guess-" + i), from("203.0.113." + (i + 1))).status());
        }
        assertThat(statuses.subList(0, LOGIN_PER_ACCOUNT)).containsOnly(401);
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(mostAllowedSince(start, LOGIN_PER_ACCOUNT));
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(429);
    }

    @Test
    @Order(1)
    void unauthenticatedRequestsFromOneAddressWriteABoundedNumberOfAuditRecords() throws SQLException {
        long start = System.nanoTime();
        String ip = "192.0.2.77";
        int sent = 150;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            String path = i % 3 == 0 ? "/api/healthz/x" : i % 3 == 1 ? "/api/health/x" : "/api/patients";
            statuses.add(api.send("GET", path, null, null, from(ip)).status());
        }
        long written = rows("SELECT count(*) FROM audit_logs WHERE ip_address = ?::inet AND action = 'UNAUTHORIZED_ACCESS'", ip);
        // the budget, one record saying it is spent, and whatever the bucket refilled while the burst lasted
        assertThat(written).isBetween((long) ANONYMOUS_PER_IP, mostAllowedSince(start, ANONYMOUS_PER_IP) + 1);
        assertThat(statuses.stream().filter(s -> s == 401)).hasSize((int) written);
        assertThat(statuses.stream().filter(s -> s == 429)).hasSize(sent - (int) written);
        assertThat(rows("SELECT count(*) FROM audit_logs WHERE ip_address = ?::inet AND details->>'budget' LIKE 'spent%'", ip))
                .isEqualTo(1);
        // the load balancers' health checks are never limited
        for (int i = 0; i < 50; i++) {
            assertThat(api.send("GET", "/api/health", null, null, from(ip)).status()).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void unauthenticatedRequestsFromManyAddressesWriteABoundedNumberOfAuditRecordsInAll() throws SQLException {
        long start = System.nanoTime();
        long before = rows("SELECT count(*) FROM audit_logs WHERE action = 'UNAUTHORIZED_ACCESS'");
        int sent = 3 * ANONYMOUS_TOTAL;
        for (int i = 0; i < sent; i++) {
            api.send("GET", "/api/patients", null, null, from("10.77." + (i / 250) + "." + (i % 250 + 1)));
        }
        long written = rows("SELECT count(*) FROM audit_logs WHERE action = 'UNAUTHORIZED_ACCESS'") - before;
        assertThat(written).isLessThanOrEqualTo(mostAllowedSince(start, ANONYMOUS_TOTAL) + 1);
    }

    @Test
    void theMetricsAreLimitedPerAddress() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < METRICS + 3; i++) {
            statuses.add(api.send("GET", "/api/health/metrics", TestKeys.METRICS, null, from("198.51.100.99")).status());
        }
        assertThat(statuses.subList(0, METRICS)).containsOnly(200);
        assertThat(statuses).containsOnly(200, 429);
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(429);
    }

    @Test
    void withAnExternalDatabaseHoliRefusesToServeWithoutAMetricsToken() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(HoliApplication.class).run(settings(false)).close())
                .hasStackTraceContaining("HOLI_METRICS_TOKEN is not set");
    }
}
