package io.holi.platform;

import io.holi.testing.Api;
import io.holi.testing.BouncedServer;
import io.holi.testing.PgBouncer;
import io.holi.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service works through a real PgBouncer in transaction pooling mode: no server-side prepared statements,
 * no session state. With 2 server connections shared by many client transactions, anything that relied on a
 * session would break here. (The server is {@link BouncedServer}, which IndexDrivenSearchTest uses too.)
 */
@ResourceLock(BouncedServer.LOCK)
class PgBouncerTest {

    @Test
    void migrationsLoginWritesAndAuditReadsAllWorkThroughTransactionPooling() {
        Api api = BouncedServer.api();
        PgBouncer bouncer = BouncedServer.bouncer();
        String token = api.login(BouncedServer.ADMIN_EMAIL, BouncedServer.ADMIN_PASSWORD);
        long usersBefore = api.get("/api/audit-logs?action=CREATE_USER&size=1", token).json().get("total").asLong();
        // more statements than pgjdbc's prepare threshold, over many transactions and few server connections
        for (int i = 0; i < 30; i++) {
            Api.Response created = api.post("/api/users", token, Map.of("email", "u" + i + "@bouncer.test",
                    "name", "User " + i, "role", "STAFF", "password", "twelve-chars-ok"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(api.get("/api/me", token).status()).isEqualTo(200);
        }
        Api.Response audit = api.get("/api/audit-logs?action=CREATE_USER&size=100", token);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("total").asLong()).isEqualTo(usersBefore + 30);
        assertThat(bouncer.transactionsServed()).isGreaterThan(100);
        assertThat(bouncer.url().port()).isNotEqualTo(TestPostgres.cluster().port());
    }
}
