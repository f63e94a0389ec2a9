package io.holi.testing;

import org.junit.jupiter.api.parallel.ResourceLock;
import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Full-stack tests over HTTP: the real application on a random port, against a real PostgreSQL database
 * of its own. Subclasses share one application context (and one database), so they use unique data.
 */
@SpringBootTest(classes = HoliApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ResourceLock(ApiTest.SHARED_CONTEXT)
public abstract class ApiTest {

    /** The lock the classes sharing this context and its database hold while they run. */
    public static final String SHARED_CONTEXT = "holi.api-test-context";

    public static final String ADMIN_EMAIL = "admin@test.holi";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String JWT_SECRET = TestKeys.JWT;
    public static final String JWT_SECRET_PREVIOUS = TestKeys.JWT_PREVIOUS;

    protected static final DatabaseUrl DATABASE = TestPostgres.newDatabase("api");
    /**
     * The port the server listens on, chosen before it starts so that its own settings can name it: the daily check's
     * list of instances to ask is this server (OpsChecksTest runs {@code holi ops daily} in it).
     */
    private static final int PORT = BackgroundProcess.freePort();
    protected static final FakeAnthropic ANTHROPIC = startAnthropic();

    private static FakeAnthropic startAnthropic() {
        try {
            return new FakeAnthropic();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("holi.database.url", DATABASE::toUriWithPassword);
        registry.add("holi.auth.jwt-secret", () -> JWT_SECRET);
        registry.add("holi.auth.jwt-secret-previous", () -> JWT_SECRET_PREVIOUS);
        registry.add("holi.auth.admin-email", () -> ADMIN_EMAIL);
        registry.add("holi.auth.admin-password", () -> ADMIN_PASSWORD);
        registry.add("holi.web.trusted-proxies", () -> "127.0.0.1");
        registry.add("holi.crypto.encryption-key", () -> TestKeys.FIELD_V1);
        registry.add("holi.crypto.blind-index-key", () -> TestKeys.BLIND_INDEX);
        registry.add("holi.ai.anthropic-api-key", () -> "test-only-anthropic-key");
        registry.add("holi.ai.base-url", ANTHROPIC::baseUrl);
        // the production deadline: a loaded CI machine once took over 2 s for a local answer (the SLOW case waits it out)
        registry.add("holi.ai.timeout", () -> "8s");
        // functional tests sign in hundreds of times from one address; the limits have their own test
        registry.add("holi.rate-limit.login-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.per-ip-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.per-user-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.login-per-account-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.anonymous-audit-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.anonymous-audit-total-per-minute", () -> "1000000");
        registry.add("holi.rate-limit.metrics-per-minute", () -> "1000000");
        registry.add("holi.health.metrics-token", () -> TestKeys.METRICS);
        // tests read the metrics' JSON right after changing what it counts
        registry.add("holi.health.metrics-json-max-age", () -> "0s");
        registry.add("holi.ops.health-urls", () -> "http://127.0.0.1:" + PORT);
        // the daily report's test is about the report, not this machine's speed: this server's p95 includes every
        // other test's requests, and a busy machine makes it seconds (the thresholds have unit tests of their own)
        registry.add("holi.checks.health.latency-p95", () -> "1h");
        // …and other tests' deliberate failures (maintenance 503s, provoked 500s): a few requests after them, the share
        // of 5xx is anything (the error-rate thresholds have OpsChecksTest's instance with figures of its own)
        registry.add("holi.checks.health.error-rate-warning", () -> "1.0");
        registry.add("holi.checks.health.error-rate-failure", () -> "1.0");
        registry.add("holi.checks.database.latency", () -> "1h");
        // backup metrics are read from the evidence of runs; tests record runs and read them back at once
        registry.add("holi.backup.metrics-refresh", () -> "1s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate sql;

    protected Api api;

    @Autowired
    private org.springframework.context.ConfigurableApplicationContext application;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    protected String adminToken() {
        return api.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    /**
     * A holi command against this database, run in this application (a user's {@code holi} beside the server; the
     * settings are the server's, the database and keys included).
     */
    protected CliRunner.Run holi(String stdin, String... args) {
        return CliRunner.runIn(application, stdin, args);
    }

    /** The audit rows a request left, found by the request id the response carried. */
    protected List<Map<String, Object>> auditOf(Api.Response response) {
        return sql.queryForList("""
                SELECT action, outcome, user_id, user_email, role, resource, resource_id, patient_id,
                       host(ip_address) AS ip, user_agent, details::text AS details
                FROM audit_logs WHERE request_id = ? ORDER BY id""", response.requestId());
    }

    /** A session as the application's own database role, outside the application. */
    protected static Connection connectAsApplicationRole() throws SQLException {
        return DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.username(), DATABASE.password());
    }

    protected static Connection connectAsSuperuser() throws SQLException {
        DatabaseUrl su = TestPostgres.superuser(DATABASE);
        return DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password());
    }
}
