package io.holi.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds RFC 9457 problem answers: the same shape from controllers, from security filters and from the
 * container's error page. {@code detail} says what is wrong; field errors name fields, never values.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(status.getReasonPhrase());
        RequestMetadata.ofRequest().ifPresent(m -> p.setProperty("requestId", m.requestId()));
        return p;
    }

    public static ProblemDetail problem(HttpStatus status, String detail, List<HoliException.FieldError> errors) {
        ProblemDetail p = problem(status, detail);
        if (!errors.isEmpty()) {
            p.setProperty("errors", errors.stream().map(e -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("field", e.field());
                m.put("message", e.message());
                return m;
            }).toList());
        }
        return p;
    }

    /** Writes the problem directly to a servlet response (for filters, which run outside MVC). */
    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, problem(status, detail));
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        if (RequestMetadata.ofRequest().map(m -> RequestPaths.isFhir(m.path())).orElse(false)) {
            writeOperationOutcome(response, problem);
            return;
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
            body.put("type", problem.getType().toString());
        }
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        RequestMetadata.ofRequest().ifPresent(m -> body.put("instance", m.path()));
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.getWriter().write(json.writeValueAsString(body));
        response.flushBuffer();
    }

    /** A FHIR client reads an OperationOutcome, whoever answers (the security filters as much as the FHIR servlet). */
    private void writeOperationOutcome(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        String code = switch (problem.getStatus()) {
            case 400 -> "invalid";
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 429 -> "throttled";
            case 503 -> "transient";
            default -> "exception";
        };
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", "error");
        issue.put("code", code);
        issue.put("diagnostics", problem.getDetail());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", "OperationOutcome");
        body.put("issue", List.of(issue));
        response.getWriter().write(json.writeValueAsString(body));
        response.flushBuffer();
    }
}
