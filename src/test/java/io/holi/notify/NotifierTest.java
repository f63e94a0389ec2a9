package io.holi.notify;

import io.holi.testing.CommandLineTest;
import com.sun.net.httpserver.HttpServer;
import io.holi.testing.CliRunner.Run;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack's incoming webhook and PagerDuty's Events API v2, spoken to local servers: retries, payloads, failures that stay reported. */
class NotifierTest extends CommandLineTest {

    /** A local endpoint that fails the first {@code failures} requests with 503, then accepts. */
    static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        Endpoint(String path, int failures, int okStatus) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(path, ex -> {
                int n = calls.incrementAndGet();
                bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                int status = n <= failures ? 503 : okStatus;
                byte[] body = (status == 202 ? "{\"status\":\"success\",\"dedup_key\":\"x\"}" : "ok").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Notifier notifier(String slack, String pagerDuty, String pagerDutyUrl) {
        return new Notifier(new NotifyProperties(slack, pagerDuty, pagerDutyUrl, 4, Duration.ofMillis(20), Duration.ofSeconds(2)),
                tools.jackson.databind.json.JsonMapper.builder().build());
    }

    @Test
    void slackAndPagerDutyGetTheirPayloadsAfterRetries() throws Exception {
        try (Endpoint slack = new Endpoint("/services/T0/B0/x", 2, 200); Endpoint pd = new Endpoint("/v2/enqueue", 1, 202)) {
            Notifier n = notifier(slack.url("/services/T0/B0/x"), "test-routing-key", pd.url("/v2/enqueue"));
            var deliveries = n.send(Notification.critical("holi daily checks: FAILURE", "✗ Database connections: 19/20").withDedupKey("k-1"));
            assertThat(deliveries).extracting(Notifier.Delivery::destination, Notifier.Delivery::delivered, Notifier.Delivery::attempts)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("slack", true, 3), org.assertj.core.groups.Tuple.tuple("pagerduty", true, 2));
            assertThat(slack.bodies.get(2)).contains("holi daily checks: FAILURE").contains("Database connections");
            var event = new tools.jackson.databind.ObjectMapper().readTree(pd.bodies.get(1));
            assertThat(event.get("routing_key").asString()).isEqualTo("test-routing-key");
            assertThat(event.get("event_action").asString()).isEqualTo("trigger");
            assertThat(event.get("dedup_key").asString()).isEqualTo("k-1");
            assertThat(event.get("payload").get("severity").asString()).isEqualTo("critical");
            assertThat(event.get("payload").get("summary").asString()).isEqualTo("holi daily checks: FAILURE");
            assertThat(event.get("payload").get("source").asString()).startsWith("holi@");
        }
    }

    @Test
    void informationGoesToSlackOnlyAndARejectedMessageIsNotRetried() throws Exception {
        try (Endpoint slack = new Endpoint("/hook", 0, 200); Endpoint pd = new Endpoint("/v2/enqueue", 0, 400)) {
            Notifier n = notifier(slack.url("/hook"), "bad-key", pd.url("/v2/enqueue"));
            assertThat(n.send(Notification.info("all good", ""))).extracting(Notifier.Delivery::destination).containsExactly("slack");
            var refused = n.send(Notification.warning("something", "x"));
            assertThat(refused.get(1).delivered()).isFalse();
            assertThat(refused.get(1).attempts()).isEqualTo(1);
            assertThat(refused.get(1).error()).isEqualTo("HTTP 400");
        }
    }

    @Test
    void anUndeliverableNotificationIsReportedAndNeverChangesTheChecksOutcome() {
        // the commands' Slack webhook is one nothing answers (UNANSWERED_WEBHOOK)
        assertThat(settings()).containsEntry("holi.notify.slack-webhook-url", UNANSWERED_WEBHOOK);
        // the same checks without --notify: nothing is sent, the outcome to compare with
        Run plain = command("", "ops", "daily");
        assertThat(plain.err()).doesNotContain("Notification");
        Run notified = command("", "ops", "daily", "--notify");
        assertThat(notified.exitCode()).as(plain.all() + "\n---\n" + notified.all()).isEqualTo(plain.exitCode());
        assertThat(notified.err()).contains("Notification not delivered: slack").contains("after 4 attempts");
        assertThat(notified.out()).contains("📊 Daily Operations Report");
    }
}
