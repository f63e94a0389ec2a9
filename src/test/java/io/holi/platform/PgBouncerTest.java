package io.holi.platform;

import io.holi.HoliApplication;
import io.holi.testing.Api;
import io.holi.testing.PgBouncer;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service works through a real PgBouncer in transaction pooling mode: no server-side prepared statements,
 * no session state. With 2 server connections shared by many client transactions, anything that relied on a
 * session would break here.
 */
class PgBouncerTest {

    private static PgBouncer bouncer;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        DatabaseUrl direct = TestPostgres.newDatabase("bouncer");
        bouncer = PgBouncer.start(direct, "transaction", 2);
        app = new SpringApplicationBuilder(HoliApplication.class).run(
                "--server.port=0", "--holi.database.url=" + bouncer.url().toUriWithPassword(),
                "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.auth.admin-email=admin@bouncer.test", "--holi.auth.admin-password=admin-password-for-tests");
        api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (bouncer != null) {
            bouncer.stop();
        }
    }

    @Test
    void migrationsLoginWritesAndAuditReadsAllWorkThroughTransactionPooling() {
        String token = api.login("admin@bouncer.test", "admin-password-for-tests");
        // more statements than pgjdbc's prepare threshold, over many transactions and few server connections
        for (int i = 0; i < 30; i++) {
            Api.Response created = api.post("/api/users", token, Map.of("email", "u" + i + "@bouncer.test",
                    "name", "User " + i, "role", "STAFF", "password", "twelve-chars-ok"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(api.get("/api/me", token).status()).isEqualTo(200);
        }
        Api.Response audit = api.get("/api/audit-logs?action=CREATE_USER&size=100", token);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("total").asLong()).isEqualTo(31);
        assertThat(bouncer.transactionsServed()).isGreaterThan(100);
        assertThat(bouncer.url().port()).isNotEqualTo(TestPostgres.cluster().port());
    }
}
