package io.holi.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for the API under test: real requests over a real socket. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    /** The API of an application a test started on a port of its own ({@code server.port=0}). */
    public static Api of(org.springframework.context.ConfigurableApplicationContext app) {
        return new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    public Api(int port) {
        this("http://localhost:" + port);
    }

    public Api(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Through a client of the caller's (one that trusts a test certificate). */
    public Api(String base, HttpClient client) {
        this.base = base;
        this.client = client;
        defaultHeaders.put("User-Agent", "holi-tests/1.0");
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String requestId() {
            return header("X-Request-Id");
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        Map<String, String> all = new LinkedHashMap<>(defaultHeaders);
        if (text != null) {
            all.put("Content-Type", "application/json");
        }
        all.putAll(headers);
        all.forEach(b::setHeader);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String uri(String path) {
        return base + path;
    }

    /** Tokens of users with a second factor, reused while they work (each sign-in costs a fresh TOTP step). */
    private static final Map<String, String> MFA_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Signs in and returns the access token, failing the test if sign-in fails. Accounts that need a second factor
     * enrol one through the API the first time (as {@link TestMfa}'s authenticator app) and send its code; their
     * token is reused while it still works.
     */
    public String login(String email, String password) {
        String key = base + " " + email + " " + password;
        String cached = MFA_TOKENS.get(key);
        if (cached != null && get("/api/me", cached).status() == 200) {
            return cached;
        }
        Response r = post("/api/auth/login", null, Map.of("email", email, "password", password));
        if (r.status() == 403 && r.body().contains("enrol a second factor")) {
            Response started = post("/api/auth/mfa/enrol", null, Map.of("email", email, "password", password));
            if (started.status() != 200) {
                throw new AssertionError("enrolling a second factor for " + email + " failed: " + started);
            }
            TestMfa.enrolled(email, started.json().get("secret").asString());
            r = post("/api/auth/mfa/confirm", null, Map.of("email", email, "password", password, "code", TestMfa.nextCode(email)));
        } else if (r.status() == 401 && r.body().contains("\"code\"") && TestMfa.knows(email)) {
            r = post("/api/auth/login", null, Map.of("email", email, "password", password, "code", TestMfa.nextCode(email)));
        } else if (r.status() == 200) {
            return r.json().get("accessToken").asString();
        }
        if (r.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + r);
        }
        String token = r.json().get("accessToken").asString();
        MFA_TOKENS.put(key, token);
        return token;
    }

    public record User(UUID id, String email, String password, String role) {
    }

    /** Creates a user through the API as the given admin and returns its credentials. */
    public User createUser(String adminToken, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.holi";
        String password = "pw-" + UUID.randomUUID();
        Response r = post("/api/users", adminToken, Map.of("email", email, "name", role + " " + email, "role", role,
                "password", password));
        if (r.status() != 201) {
            throw new AssertionError("creating a " + role + " failed: " + r);
        }
        return new User(UUID.fromString(r.json().get("id").asString()), email, password, role);
    }
}
