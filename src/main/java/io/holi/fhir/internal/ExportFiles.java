package io.holi.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.holi.platform.ProblemWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rest of Bulk Data's asynchronous pattern, outside HAPI's resource grammar: {@code /fhir/bulk-status/{id}}
 * (GET: progress or the manifest; DELETE: cancel) and {@code /fhir/bulk-files/{id}/{file}} (the NDJSON), for the
 * requester only. Behind the same security filters as the rest of /fhir.
 */
final class ExportFiles extends HttpServlet {

    private final transient BulkExports exports;
    private final transient ProblemWriter problems;
    private final transient JsonMapper json;

    ExportFiles(BulkExports exports, ProblemWriter problems, JsonMapper json) {
        this.exports = exports;
        this.problems = problems;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = parts(request);
        try {
            if (request.getServletPath().endsWith("bulk-status") && parts.length == 1) {
                request.setAttribute(FhirRequests.ROUTE, "/fhir/bulk-status/{id}");
                status(UUID.fromString(parts[0]), response);
            } else if (request.getServletPath().endsWith("bulk-files") && parts.length == 2) {
                request.setAttribute(FhirRequests.ROUTE, "/fhir/bulk-files/{id}/{file}");
                String body = exports.file(UUID.fromString(parts[0]), parts[1]);
                response.setStatus(200);
                response.setContentType("application/fhir+ndjson");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            } else {
                problems.write(response, HttpStatus.NOT_FOUND, "No such export resource");
            }
        } catch (IllegalArgumentException e) {
            problems.write(response, HttpStatus.NOT_FOUND, "No such export: the id is not a UUID");
        } catch (RuntimeException e) {
            fail(response, e);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = parts(request);
        try {
            if (!request.getServletPath().endsWith("bulk-status") || parts.length != 1) {
                problems.write(response, HttpStatus.NOT_FOUND, "No such export resource");
                return;
            }
            request.setAttribute(FhirRequests.ROUTE, "/fhir/bulk-status/{id}");
            if (exports.cancel(UUID.fromString(parts[0]))) {
                response.setStatus(202);
            } else {
                problems.write(response, HttpStatus.NOT_FOUND, "That export was already cancelled");
            }
        } catch (IllegalArgumentException e) {
            problems.write(response, HttpStatus.NOT_FOUND, "No such export: the id is not a UUID");
        } catch (RuntimeException e) {
            fail(response, e);
        }
    }

    private void status(UUID id, HttpServletResponse response) throws IOException {
        ExportJobs.Job job = exports.mine(id);
        switch (job.status()) {
            case ACCEPTED, RUNNING -> {
                response.setStatus(202);
                response.setHeader("X-Progress", job.progress().orElse(job.status() == ExportJobs.Status.ACCEPTED ? "waiting" : "started"));
                response.setHeader("Retry-After", "2");
            }
            case COMPLETED -> {
                if (job.expiresAt().map(e -> e.isBefore(Instant.now())).orElse(true)) {
                    problems.write(response, HttpStatus.NOT_FOUND, "Export " + id + " expired; its files were deleted");
                    return;
                }
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("transactionTime", job.requestedAt().toString());
                manifest.put("request", job.requestUrl());
                manifest.put("requiresAccessToken", true);
                manifest.put("output", json.readValue(job.output().orElse("[]"), List.class));
                manifest.put("error", List.of());
                response.setStatus(200);
                response.setHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(job.expiresAt().get().atZone(ZoneOffset.UTC)));
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write(json.writeValueAsString(manifest));
            }
            case FAILED -> problems.write(response, HttpStatus.INTERNAL_SERVER_ERROR,
                    "Export " + id + " failed: " + job.error().orElse("unknown"));
            case CANCELLED -> problems.write(response, HttpStatus.NOT_FOUND, "Export " + id + " was cancelled"
                    + job.error().map(e -> " (" + e + ")").orElse(""));
        }
    }

    private void fail(HttpServletResponse response, RuntimeException e) throws IOException {
        BaseServerResponseException mapped = FhirErrors.map(e);
        problems.write(response, HttpStatus.valueOf(mapped.getStatusCode()), mapped.getMessage());
    }

    private static String[] parts(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.length() < 2) {
            return new String[0];
        }
        return info.substring(1).split("/");
    }
}
