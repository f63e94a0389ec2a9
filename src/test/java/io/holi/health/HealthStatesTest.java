package io.holi.health;

import io.holi.testing.TempDirs;
import io.holi.HoliApplication;
import io.holi.database.EmbeddedCluster;
import io.holi.testing.Api;
import io.holi.testing.RedisServer;
import io.holi.testing.TestKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Every health state with the real processes behind it stopped and started: Redis, then the database. */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class HealthStatesTest {

    private static EmbeddedCluster cluster;
    private static RedisServer redis;
    private static ConfigurableApplicationContext app;
    private static Api api;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = TempDirs.directory("holi-health");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        cluster = EmbeddedCluster.at(home.resolve("data")).withSettings(java.util.List.of("fsync = off"));
        cluster.start();
        redis = new RedisServer().start();
        app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + cluster.application().toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS,
                "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.rate-limit.redis-url=" + redis.url(), "--holi.health.drain=10s",
                "--holi.storage.url=" + home.resolve("objects").toUri(), "--holi.status.probe=* * * * * *");
        api = Api.of(app);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null && app.isActive()) {
            app.close();
        }
        redis.close();
        cluster.destroy();
    }

    /** The client gives up after 3 s: the health check must have answered by then, whatever is down. */
    private Api.Response health(String path) {
        return api.send(HttpRequest.newBuilder(URI.create(api.uri(path))).timeout(Duration.ofSeconds(3))
                .header("Authorization", "Bearer " + TestKeys.METRICS).GET().build());
    }

    /**
     * A component's state on the public status page (probed every second in this test, inside an await). A probe not
     * answered within 3 s is a failed probe, retried like a wrong state: on a machine busy with the rest of the suite
     * one such probe ended the await before.
     */
    private String status(String component) {
        Api.Response r;
        try {
            r = api.send(HttpRequest.newBuilder(URI.create(api.uri("/status/summary.json"))).timeout(Duration.ofSeconds(3)).GET().build());
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                return "(no answer within 3 s)";
            }
            throw e;
        }
        assertThat(r.status()).isEqualTo(200);
        for (var c : r.json().get("components")) {
            if (c.get("id").asString().equals(component)) {
                return c.get("status").asString();
            }
        }
        throw new AssertionError("no component " + component);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void allUpIsHealthy() {
        Api.Response r = health("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"healthy\",\"database\":\"connected\",\"redis\":\"connected\"}");
        assertThat(health("/api/health/live").status()).isEqualTo(200);
        assertThat(health("/api/health/ready").status()).isEqualTo(200);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void redisDownIsDegradedButStill200AndRecoversWithoutARestart() {
        redis.stop();
        Api.Response r = health("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("degraded");
        assertThat(r.json().get("redis").asString()).isEqualTo("disconnected");
        assertThat(health("/api/health/ready").status()).isEqualTo(200);

        // the status page: the API's shared limits are off (they fail open), the pages are not affected
        Awaitility.await("the status page follows").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(status("api")).isEqualTo("degraded_performance");
            assertThat(status("web-application")).isEqualTo("operational");
        });

        redis.start();
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(health("/api/health").json().get("status").asString()).isEqualTo("healthy"));
        Awaitility.await("the status page recovers").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(status("api")).isEqualTo("operational"));
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void databaseDownIs503UnhealthyAnsweredFastAndRecovers() throws Exception {
        cluster.stop();
        try {
            Api.Response r = health("/api/health");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("status").asString()).isEqualTo("unhealthy");
            assertThat(r.json().get("database").asString()).isEqualTo("disconnected");
            assertThat(health("/api/health/ready").status()).isEqualTo(503);
            assertThat(health("/api/health/live").status()).isEqualTo(200);
            assertThat(health("/api/health/metrics").json().get("database").get("connected").asBoolean()).isFalse();
            // the status page is still served, says so, and is published off-box by the instance that sees it
            Awaitility.await("the status page follows").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                assertThat(status("database")).isEqualTo("major_outage");
                assertThat(status("web-application")).isEqualTo("major_outage");
                assertThat(status("audit-trail")).isEqualTo("major_outage");
                assertThat(Files.readString(home.resolve("objects/status/summary.json"))).contains("\"indicator\" : \"critical\"");
            });
        } finally {
            cluster.start();
        }
        // recovering is what is awaited here (answering within 3 s while the database is down is asserted above): a
        // request the busy machine did not answer in 3 s while the pool reconnects is asked again, as status() does
        Awaitility.await("healthy again").atMost(Duration.ofMinutes(1)).ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                .untilAsserted(() -> assertThat(health("/api/health").status()).isEqualTo(200));
        Awaitility.await("the status page recovers").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(status("database")).isEqualTo("operational"));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void onShutdownReadinessFailsFirstWhileRequestsAreStillServed() {
        assertThat(health("/api/health").header("Connection")).as("kept alive while ready").isNull();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        Awaitility.await("readiness fails").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> health("/api/health/ready").status() == 503);
        // during the drain the instance still answers everything else, each answer ending its keep-alive connection
        // (a load balancer's pooled connections end cleanly; before the drain they are kept)
        var served = health("/api/health");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Connection")).isEqualTo("close");
        assertThat(health("/api/health/ready").json().get("reason").asString()).isEqualTo("shutting down");
        closing.join();
        assertThat(app.isActive()).isFalse();
    }
}
