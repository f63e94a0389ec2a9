package io.holi.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks the part of Twilio's REST API (Messages.json) and Resend's (POST /emails) that holi's
 * reminders use, so that the vendors' own SDKs send real HTTP to it. It records what arrived, can answer 503 for the
 * next n requests, and answers a repeated Resend Idempotency-Key with the first email's id, as Resend does.
 */
public final class FakeMessaging implements AutoCloseable {

    /** One message as the vendor received it. */
    public record Sent(String vendor, String id, String to, String text, Map<String, String> fields, String idempotencyKey) {
    }

    private final HttpServer server;
    private final CopyOnWriteArrayList<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> idempotency = new ConcurrentHashMap<>();

    public FakeMessaging() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-messaging");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/2010-04-01/Accounts/", this::twilio);
        server.createContext("/emails", this::resend);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code n} requests (either vendor) answer 503. */
    public void unavailableFor(int n) {
        unavailable.set(n);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int requests() {
        return requests.get();
    }

    public void clear() {
        sent.clear();
    }

    private boolean refuse(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            reply(exchange, 503, "{\"code\":20503,\"message\":\"Service unavailable\",\"status\":503}");
            return true;
        }
        return false;
    }

    private void twilio(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (refuse(exchange)) {
            return;
        }
        if (!exchange.getRequestURI().getPath().endsWith("/Messages.json") || exchange.getRequestHeaders().getFirst("Authorization") == null) {
            reply(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        if ("+15005550009".equals(form.get("To"))) { // Twilio's magic number for "cannot receive SMS"
            reply(exchange, 400, "{\"code\":21614,\"message\":\"'To' number is not a valid mobile number\",\"status\":400}");
            return;
        }
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        sent.add(new Sent("twilio", sid, form.get("To"), form.get("Body"), form, null));
        reply(exchange, 201, "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"" + form.get("To") + "\",\"num_segments\":\"1\","
                + "\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\",\"date_created\":null}");
    }

    private void resend(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (refuse(exchange)) {
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null && idempotency.containsKey(key)) {
            reply(exchange, 200, "{\"id\":\"" + idempotency.get(key) + "\"}");
            return;
        }
        String id = UUID.randomUUID().toString();
        if (key != null) {
            idempotency.put(key, id);
        }
        var json = new tools.jackson.databind.ObjectMapper().readTree(body);
        String to = json.path("to").isArray() ? json.path("to").get(0).asString() : json.path("to").asString();
        sent.add(new Sent("resend", id, to, json.path("text").asString(), Map.of("subject", json.path("subject").asString(),
                "from", json.path("from").asString()), key));
        reply(exchange, 200, "{\"id\":\"" + id + "\"}");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
