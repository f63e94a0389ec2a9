package io.holi.platform;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocsTest extends ApiTest {

    @Test
    void theOpenApiDocumentDescribesTheContractAndNeedsNoToken() {
        Api.Response r = api.get("/api/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("info").get("title").asString()).isEqualTo("Holi API");
        assertThat(r.json().get("paths").propertyNames()).contains("/api/auth/login", "/api/users", "/api/users/{id}",
                "/api/me", "/api/audit-logs", "/api/health");
        assertThat(r.json().get("components").get("securitySchemes").get("bearer").get("scheme").asString()).isEqualTo("bearer");
    }

    /** The success statuses that are not 200; every other operation answers 200. */
    private static final Map<String, String> SUCCESS = Map.ofEntries(
            Map.entry("POST /api/patients", "201"), Map.entry("POST /api/users", "201"),
            Map.entry("POST /api/patients/{id}/grants", "201"), Map.entry("POST /api/patients/{id}/break-glass", "201"),
            Map.entry("POST /api/patients/{id}/appointments", "201"), Map.entry("POST /api/patients/{id}/prescriptions", "201"),
            Map.entry("POST /api/patients/{id}/notes", "201"),
            Map.entry("POST /api/auth/logout", "204"), Map.entry("DELETE /api/users/{id}", "204"),
            Map.entry("DELETE /api/patients/{id}", "204"), Map.entry("DELETE /api/patients/{id}/grants/{userId}", "204"),
            Map.entry("POST /api/me/password", "204"), Map.entry("POST /api/users/{id}/password", "204"),
            Map.entry("POST /api/users/{id}/mfa/reset", "204"),
            Map.entry("POST /api/reminders/webhooks/twilio/status", "204"), Map.entry("POST /api/reminders/webhooks/resend", "204"));

    /** Successes that are not JSON: what the caller reads (Twilio reads TwiML). */
    private static final Map<String, String> NOT_JSON = Map.of("POST /api/reminders/webhooks/twilio/inbound", "application/xml");

    @Test
    void everyOperationDocumentsItsRealSuccessItsProblemAnswersAndASummary() {
        JsonNode doc = api.get("/api/openapi.json", null).json();
        assertThat(doc.get("paths").propertyNames()).doesNotContain("/error");
        assertThat(doc.get("components").get("schemas").get("Problem").get("properties").propertyNames())
                .contains("title", "status", "detail", "requestId", "errors");
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (String path : doc.get("paths").propertyNames()) {
            JsonNode item = doc.get("paths").get(path);
            for (String method : item.propertyNames()) {
                JsonNode op = item.get(method);
                String name = method.toUpperCase() + " " + path;
                operations++;
                if (op.path("summary").asString("").isBlank()) {
                    problems.add(name + ": no summary");
                }
                String success = SUCCESS.getOrDefault(name, "200");
                JsonNode responses = op.get("responses");
                List<String> twoHundreds = responses.propertyNames().stream().filter(c -> c.startsWith("2")).toList();
                if (!twoHundreds.equals(List.of(success))) {
                    problems.add(name + ": documents " + twoHundreds + ", answers " + success);
                } else if (success.equals("204")) {
                    if (responses.get("204").has("content")) {
                        problems.add(name + ": 204 with content");
                    }
                } else if (!responses.get(success).path("content").has(NOT_JSON.getOrDefault(name, "application/json"))) {
                    problems.add(name + ": success is not application/json: " + responses.get(success).path("content").propertyNames());
                }
                List<String> errors = responses.propertyNames().stream().filter(c -> c.startsWith("4") || c.startsWith("5")).toList();
                if (errors.isEmpty()) {
                    problems.add(name + ": no error response");
                }
                for (String code : errors) {
                    JsonNode media = responses.get(code).path("content").path("application/problem+json");
                    if (!media.path("schema").path("$ref").asString("").equals("#/components/schemas/Problem")) {
                        problems.add(name + " " + code + ": not a problem+json answer");
                    }
                }
                if (path.startsWith("/api/reminders/webhooks/")) {
                    if (!errors.contains("403")) {
                        problems.add(name + ": a webhook checked by its signature does not document 403");
                    }
                } else if (!path.startsWith("/api/health") && !path.equals("/api/auth/login") && !errors.contains("401")) {
                    problems.add(name + ": a route that needs a token does not document 401");
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(40);
        assertThat(problems).isEmpty();
    }

    @Test
    void swaggerUiIsServedAtApiDocs() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api.uri("/api/docs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("swagger-ui");
    }
}
