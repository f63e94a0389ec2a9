package io.holi.platform;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests served at once are bounded (HOLI_HTTP_THREADS, twice the database pool by default); the ones
 * beyond wait their turn and are answered, not refused.
 */
class HttpThreadsTest extends ApiTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void requestThreadsDefaultToTwiceTheDatabasePool() {
        var protocol = (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler();
        assertThat(protocol.getMaxThreads()).isEqualTo(40);
    }

    @Test
    void requestsBeyondTheThreadsWaitTheirTurnAndAreAllAnswered() throws Exception {
        String token = adminToken();
        int concurrent = 150;
        ExecutorService clients = Executors.newFixedThreadPool(concurrent);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            var start = new CountDownLatch(1);
            for (int i = 0; i < concurrent; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return new Api(port).get("/api/me", token).status();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
