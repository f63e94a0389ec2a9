package io.holi.platform.internal;

import io.holi.platform.RequestPaths;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document, true to what holi answers: each operation's success status and media type (from its
 * mapping and {@code @ResponseStatus}), and the RFC 9457 problem answers it can give, described once as the
 * {@code Problem} schema. The fuzz test compares every answer it gets with what the document says.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "application/problem+json";

    /** Routes anyone may call: no token, so no 401/403 for a missing one (the metrics answer 401 for a wrong token). */
    private static final List<String> OPEN = List.of("/api/auth/login", "/api/health", "/api/health/live", "/api/health/ready",
            "/api/health/metrics", RequestPaths.ALERTMANAGER_WEBHOOK);

    private static final Map<String, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", "The input is not valid: `detail` says what is wrong, `errors` name the fields (never their values)");
        ERRORS.put("401", "No valid token: sign in with POST /api/auth/login (audited as UNAUTHORIZED_ACCESS)");
        ERRORS.put("403", "The role or the PHI gate refuses this (audited as PERMISSION_DENIED, with the reason)");
        ERRORS.put("404", "No such record, or it was removed");
        ERRORS.put("409", "It clashes with what exists (a double booking, a duplicate, a state that cannot change so)");
        ERRORS.put("413", "The body is larger than the limit (1 MB by default)");
        ERRORS.put("415", "The body is not sent as application/json");
        ERRORS.put("429", "Too many requests; Retry-After says how many seconds to wait");
        ERRORS.put("503", "The database or the audit trail is unavailable, or holi is in maintenance; nothing was "
                + "changed or disclosed; Retry-After says when to try again");
    }

    @Bean
    OpenAPI holiOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("Holi API").version(version == null ? "development" : version)
                        .description("Patient records behind a PHI gate. Every access to PHI is audited before it is "
                                + "answered. Errors are application/problem+json (RFC 9457).")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        Schema fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field or parameter"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
        return new ObjectSchema().description("An RFC 9457 problem answer")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema().description("the HTTP reason phrase"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what happened and what to do"))
                .addProperty("instance", new StringSchema().description("the path that was asked for"))
                .addProperty("requestId", new StringSchema().description("quote it when reporting a problem; "
                        + "the same id is in the logs and the audit records"))
                .addProperty("errors", new ArraySchema().items(fieldError))
                .required(List.of("title", "status", "detail"));
    }

    @Bean
    OperationCustomizer problemAnswers() {
        return (operation, handler) -> {
            String path = path(handler);
            boolean signed = path.startsWith(RequestPaths.REMINDER_WEBHOOKS); // the vendors sign their calls: a bad signature is 403
            boolean open = OPEN.contains(path) || signed;
            if (open) {
                operation.setSecurity(List.of());
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            responses.forEach((code, response) -> {
                if (code.equals("204")) {
                    response.setContent(null);
                } else if (code.startsWith("2") && response.getContent() != null && response.getContent().containsKey("*/*")) {
                    response.setContent(new Content().addMediaType("application/json", response.getContent().get("*/*")));
                }
            });
            boolean body = Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
            boolean ids = Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(PathVariable.class));
            boolean changes = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PostMapping.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PutMapping.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PatchMapping.class)
                    || AnnotatedElementUtils.hasAnnotation(handler.getMethod(), DeleteMapping.class);
            for (Map.Entry<String, String> e : ERRORS.entrySet()) {
                boolean applies = switch (e.getKey()) {
                    case "401" -> !open || path.equals("/api/health/metrics") || path.equals("/api/auth/login")
                            || path.equals(RequestPaths.ALERTMANAGER_WEBHOOK);
                    case "403" -> !open || signed;
                    case "404" -> ids;
                    case "409" -> changes && !open;
                    case "413", "415" -> body;
                    default -> true;
                };
                if (applies && !responses.containsKey(e.getKey())) {
                    responses.addApiResponse(e.getKey(), problem(e.getValue()));
                }
            }
            operation.setResponses(responses);
            return operation;
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    private static String path(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
        String suffix = method == null || method.path().length == 0 ? "" : method.path()[0];
        return prefix + suffix;
    }
}
