package io.holi.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: a cookie jar and the CSRF token of the last page, for tests of the pages over plain
 * HTTP (the page matrix). Redirects are not followed, so tests see them.
 */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"|data-csrf=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("<code id=\"secret\">([A-Z2-7]+)</code>");

    public record Page(int status, String location, String body, java.net.http.HttpHeaders headers) {
        public String requestId() {
            return headers.firstValue("X-Request-Id").orElse(null);
        }
    }

    private final String base;
    private final HttpClient client;
    private String csrf;

    public WebSession(int port) {
        this("http://localhost:" + port);
    }

    public WebSession(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    public Page get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    /** A form post with the session's CSRF token (fetched from the sign-in page if no page was seen yet). */
    public Page post(String path, Map<String, String> form) {
        if (csrf == null) {
            get("/login");
        }
        Map<String, String> all = new LinkedHashMap<>(form);
        all.putIfAbsent("_csrf", csrf);
        return postRaw(path, all, Map.of());
    }

    /** A form post exactly as given: no CSRF token added. */
    public Page postRaw(String path, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /**
     * Signs in through the pages: password, then the code of the user's authenticator app ({@link TestMfa}), or its
     * enrolment when the role requires one and the user has none yet. Fails the test when sign-in fails.
     */
    public WebSession signIn(String email, String password) {
        get("/login");
        Page p = post("/login", Map.of("email", email, "password", password));
        if (p.status() != 302) {
            throw new AssertionError("sign-in of " + email + " failed: " + p.status() + " " + p.body());
        }
        if (p.location().endsWith("/login/code")) {
            get("/login/code");
            p = post("/login/code", Map.of("code", TestMfa.nextCode(email)));
        } else if (p.location().endsWith("/login/enrol")) {
            Page enrol = get("/login/enrol");
            Matcher m = SECRET.matcher(enrol.body());
            if (!m.find()) {
                throw new AssertionError("the enrolment page shows no secret: " + enrol.body());
            }
            TestMfa.enrolled(email, m.group(1));
            p = post("/login/enrol", Map.of("code", TestMfa.nextCode(email)));
            if (p.status() == 200 && p.body().contains("recovery-codes")) {
                return this;
            }
        }
        if (p.status() != 302 || p.location().contains("/login")) {
            throw new AssertionError("sign-in of " + email + " did not complete: " + p.status() + " " + p.location() + " " + p.body());
        }
        return this;
    }

    private Page send(HttpRequest.Builder request, Map<String, String> headers) {
        request.header("User-Agent", "holi-tests/1.0").timeout(Duration.ofMinutes(2));
        headers.forEach(request::header);
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1) != null ? m.group(1) : m.group(2);
            }
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
