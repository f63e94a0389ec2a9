package io.holi.health.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP GETs for the checks (health endpoints, Prometheus, Alertmanager), with a deadline. */
public final class Http {

    public record Response(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {
    }

    public static Response get(String url, String accept) throws Exception {
        return get(url, accept, null);
    }

    /** With {@code Authorization: Bearer <token>} when a token is given (holi's metrics need HOLI_METRICS_TOKEN). */
    public static Response get(String url, String accept, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("Accept", accept);
        if (bearer != null && !bearer.isBlank()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    public static String promQuery(String base, String query) {
        return strip(base) + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    public static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
