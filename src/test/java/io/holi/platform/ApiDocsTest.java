package io.holi.platform;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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

    @Test
    void swaggerUiIsServedAtApiDocs() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api.uri("/api/docs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("swagger-ui");
    }
}
