package io.holi.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends notifications to Slack (incoming webhook) and PagerDuty (Events API v2), retrying with exponential
 * backoff. It never throws: a check whose notification fails has still run, and the failure is reported back.
 */
@Service
public class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    /** How one destination went. */
    public record Delivery(String destination, boolean delivered, int attempts, String error) {
    }

    private final NotifyProperties properties;
    private final JsonMapper json;
    private final HttpClient http;

    Notifier(NotifyProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    public boolean configured() {
        return set(properties.slackWebhookUrl()) || set(properties.pagerdutyRoutingKey());
    }

    public List<Delivery> send(Notification n) {
        List<Delivery> out = new ArrayList<>();
        if (set(properties.slackWebhookUrl())) {
            String text = "*" + icon(n.severity()) + " " + n.title() + "*" + (n.text() == null || n.text().isBlank() ? ""
                    : "\n```" + truncate(n.text(), 3500) + "```");
            out.add(post("slack", properties.slackWebhookUrl(), Map.of("text", text)));
        }
        if (set(properties.pagerdutyRoutingKey()) && n.severity() != Notification.Severity.INFO) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", truncate(n.title(), 1024));
            payload.put("source", "holi@" + host());
            payload.put("severity", n.severity() == Notification.Severity.CRITICAL ? "critical" : "warning");
            payload.put("component", "holi");
            payload.put("custom_details", Map.of("report", truncate(n.text() == null ? "" : n.text(), 20_000)));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("routing_key", properties.pagerdutyRoutingKey());
            event.put("event_action", "trigger");
            if (n.dedupKey() != null) {
                event.put("dedup_key", n.dedupKey());
            }
            event.put("payload", payload);
            out.add(post("pagerduty", properties.pagerdutyUrl(), event));
        }
        return out;
    }

    private Delivery post(String destination, String url, Object body) {
        String error = null;
        long wait = properties.backoff().toMillis();
        for (int attempt = 1; attempt <= Math.max(1, properties.attempts()); attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return new Delivery(destination, true, attempt, null);
                }
                error = "HTTP " + r.statusCode();
                if (r.statusCode() / 100 == 4 && r.statusCode() != 429) {
                    // a rejected message (bad key, bad URL) does not get better by retrying
                    log.warn("Notification to {} was refused ({})", destination, error);
                    return new Delivery(destination, false, attempt, error);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(destination, false, attempt, "interrupted");
            } catch (Exception e) {
                error = e.getClass().getSimpleName();
            }
            if (attempt < properties.attempts()) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Delivery(destination, false, attempt, "interrupted");
                }
                wait *= 2;
            }
        }
        log.warn("Notification to {} failed after {} attempts ({})", destination, properties.attempts(), error);
        return new Delivery(destination, false, properties.attempts(), error);
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }

    private static String icon(Notification.Severity s) {
        return switch (s) {
            case INFO -> "ℹ️";
            case WARNING -> "⚠️";
            case CRITICAL -> "🚨";
        };
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
