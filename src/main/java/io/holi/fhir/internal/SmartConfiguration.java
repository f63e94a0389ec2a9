package io.holi.fhir.internal;

import io.holi.platform.RequestPaths;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /.well-known/smart-configuration} (at the server's root and under /fhir): how a SMART client obtains a
 * token here. holi offers Backend Services (client_credentials with a signed assertion) and scoped staff tokens from
 * its own sign-in; it has no authorization endpoint (no app launch), and says so by not listing one.
 */
final class SmartConfiguration extends HttpServlet {

    static final List<String> SCOPES = List.of("system/*.rs", "system/Patient.rs", "system/Appointment.rs",
            "system/MedicationRequest.rs", "system/DocumentReference.rs", "system/Practitioner.rs",
            "user/*.cruds", "user/*.rs", "user/Patient.rs", "user/Appointment.cruds", "user/MedicationRequest.rs",
            "user/DocumentReference.rs", "user/AuditEvent.rs", "patient/*.rs");

    private final transient JsonMapper json;

    SmartConfiguration(JsonMapper json) {
        this.json = json;
    }

    static String tokenEndpoint(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).path(RequestPaths.FHIR_TOKEN).build().toUriString();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", ServletUriComponentsBuilder.fromContextPath(request).path("/fhir").build().toUriString());
        body.put("token_endpoint", tokenEndpoint(request));
        body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        body.put("grant_types_supported", List.of("client_credentials"));
        body.put("scopes_supported", SCOPES);
        body.put("response_types_supported", List.of());
        body.put("capabilities", List.of("client-confidential-asymmetric", "permission-v1", "permission-v2",
                "permission-user", "permission-patient"));
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "max-age=3600");
        response.getWriter().write(json.writeValueAsString(body));
    }
}
