package io.holi.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/** A local server that speaks enough of the Anthropic Messages API to test against, with switchable behaviour. */
public final class FakeAnthropic implements AutoCloseable {

    public enum Mode { OK, OVERLOADED, SLOW, MALFORMED }

    private final HttpServer server;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final CopyOnWriteArrayList<String> requests = new CopyOnWriteArrayList<>();
    /** SLOW answers hang until the server closes: longer than any client deadline, without a clock. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    public FakeAnthropic() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-anthropic");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/messages", this::messages);
        server.createContext("/v1/models/", this::model);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode m) {
        mode.set(m);
    }

    public java.util.List<String> requests() {
        return java.util.List.copyOf(requests);
    }

    private void messages(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        switch (mode.get()) {
            case OK -> reply(exchange, 200, """
                    {"id":"msg_test","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                     "content":[{"type":"text","text":"- Stable vitals\\n- Continue treatment"}],
                     "stop_reason":"end_turn","stop_sequence":null,
                     "usage":{"input_tokens":10,"output_tokens":8}}""");
            case OVERLOADED -> reply(exchange, 529, """
                    {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
            case MALFORMED -> reply(exchange, 200, "{\"id\": \"msg_test\", \"content\": [{\"type\": \"text\", \"text\": ");
            case SLOW -> {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(exchange, 200, "{}");
            }
        }
    }

    /** GET /v1/models/{id}: what the status probe asks (no note in it); OVERLOADED answers 529 here too. */
    private void model(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/v1/models/".length());
        if (mode.get() == Mode.OVERLOADED) {
            reply(exchange, 529, """
                    {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
            return;
        }
        reply(exchange, 200, "{\"type\":\"model\",\"id\":\"" + id + "\",\"display_name\":\"Test model\",\"created_at\":\"2025-09-29T00:00:00Z\"}");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientGone) {
            // the client gave up waiting, as it should
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
