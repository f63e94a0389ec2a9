package io.holi.platform.internal;

import io.holi.platform.HoliException;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place that turns exceptions into HTTP problems (RFC 9457). Details name fields and say what is
 * wrong with them; they never echo submitted values, which may be PHI.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ErrorReporting errors;

    ProblemHandler(ErrorReporting errors) {
        this.errors = errors;
    }

    @ExceptionHandler(HoliException.class)
    ResponseEntity<ProblemDetail> holi(HoliException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case FAILED -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        if (status.is5xxServerError()) {
            log.error("{} ({}): {}", status.value(), e.kind(), e.getMessage(), Redaction.withoutMessages(e.getCause()));
            if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
                errors.report(Redaction.withoutMessages(e));
            }
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, "5");
        }
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
        }
        return builder.body(ProblemWriter.problem(status, e.getMessage(), e.fieldErrors()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        // Optional<Instant> and the like: what is expected is what the Optional holds
        Class<?> required = e.getParameter().nestedIfOptional().getNestedParameterType();
        String expected = required == null ? "a valid value" : switch (required.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "LocalDate" -> "a date (YYYY-MM-DD) " + InputRules.DATE_RANGE;
            case "Instant", "OffsetDateTime" -> "a timestamp (ISO 8601, e.g. 2026-01-01T09:00:00Z) " + InputRules.DATE_RANGE;
            case "int", "Integer", "long", "Long" -> "a whole number";
            default -> required.isEnum() ? "one of " + enumValues(required) : "a valid value";
        };
        String detail = e.getName() + ": must be " + expected;
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, detail,
                List.of(new HoliException.FieldError(e.getName(), "must be " + expected))));
    }

    @ExceptionHandler({DuplicateKeyException.class})
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemWriter.problem(HttpStatus.CONFLICT, "That record already exists"));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            CannotCreateTransactionException.class, TransientDataAccessException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.error("Database unavailable: {}", e.getClass().getSimpleName(), Redaction.withoutMessages(e));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "The database is not reachable right now; nothing was changed. Try again shortly."));
    }

    /**
     * The connection went away while committing (a failover, PgBouncer restarted): whether the commit happened is
     * unknown, so the answer says so instead of claiming nothing changed. Anything else a commit throws is unexpected.
     */
    @ExceptionHandler(TransactionSystemException.class)
    ResponseEntity<ProblemDetail> commitFailed(TransactionSystemException e) throws Exception {
        if (!connectionLost(e)) {
            return unexpected(e);
        }
        log.error("Database connection lost while committing: {}", e.getClass().getSimpleName(), Redaction.withoutMessages(e));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "The database connection was lost while saving, so the change may or may not have been saved. "
                                + "Look before trying again."));
    }

    /** A connection exception (SQLSTATE class 08) anywhere in the causes. */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e; // the security layer answers and audits these
        }
        Throwable redacted = Redaction.withoutMessages(e);
        log.error("Unexpected {} while handling {} {}", e.getClass().getName(),
                RequestMetadata.current().method(), RequestMetadata.current().path(), redacted);
        errors.report(redacted);
        return ResponseEntity.internalServerError().body(ProblemWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; nothing was changed. Quote the requestId when reporting it."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (rootCause(ex) instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(ProblemWriter.problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
        }
        List<HoliException.FieldError> errors = new ArrayList<>();
        String detail = describeUnreadable(ex, errors);
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, detail, errors));
    }

    private static String describeUnreadable(HttpMessageNotReadableException ex, List<HoliException.FieldError> errors) {
        Throwable cause = ex.getCause();
        if (cause instanceof InputRules.UnacceptableValueException v) {
            String field = path(v);
            errors.add(new HoliException.FieldError(field, v.reason()));
            return field + ": " + v.reason();
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            errors.add(new HoliException.FieldError(field, "is not a known field"));
            return "Unknown field '" + field + "'; known fields: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
        }
        if (cause instanceof InvalidFormatException f) {
            String field = path(f);
            String expected = f.getTargetType() != null && f.getTargetType().isEnum()
                    ? "one of " + enumValues(f.getTargetType()) : "a " + friendlyType(f.getTargetType());
            errors.add(new HoliException.FieldError(field, "must be " + expected));
            return field + ": must be " + expected;
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = path(m);
            String expected = m.getTargetType() == null ? "a value of another type" : "a " + friendlyType(m.getTargetType());
            errors.add(new HoliException.FieldError(field, "must be " + expected));
            return field + ": must be " + expected;
        }
        if (cause instanceof StreamReadException r && String.valueOf(r.getOriginalMessage()).startsWith("Duplicate")) {
            return "The body names a field twice";
        }
        if (cause instanceof StreamReadException) {
            return "The body is not valid JSON";
        }
        if (cause instanceof DatabindException) {
            return "The body does not have the expected shape";
        }
        return "A JSON body is required";
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String friendlyType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        return switch (type.getSimpleName()) {
            case "String" -> "string";
            case "int", "Integer", "long", "Long" -> "whole number";
            case "boolean", "Boolean" -> "true or false";
            case "LocalDate" -> "date (YYYY-MM-DD)";
            case "Instant", "OffsetDateTime" -> "timestamp (ISO 8601)";
            case "UUID" -> "UUID";
            default -> type.isEnum() ? "one of " + enumValues(type) : "JSON " + (type.isRecord() ? "object" : "value");
        };
    }

    private static String enumValues(Class<?> type) {
        Object[] constants = type.getEnumConstants();
        return constants == null ? "" : java.util.Arrays.stream(constants).map(Object::toString).collect(Collectors.joining(", "));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<HoliException.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new HoliException.FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        String detail = errors.isEmpty() ? "The request is not valid" : errors.stream()
                .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                           HttpHeaders headers, HttpStatusCode status,
                                                                           WebRequest request) {
        List<HoliException.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> {
            String name = r.getMethodParameter().getParameterName();
            if (err instanceof FieldError fe) {
                name = fe.getField();
            }
            errors.add(new HoliException.FieldError(name, err.getDefaultMessage()));
        }));
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ProblemWriter.problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex, HttpHeaders headers,
                                                                         HttpStatusCode status, WebRequest request) {
        String supported = ex.getSupportedHttpMethods() == null ? "" : ex.getSupportedHttpMethods().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers).body(ProblemWriter.problem(
                HttpStatus.METHOD_NOT_ALLOWED, ex.getMethod() + " is not supported on " + RequestMetadata.current().path()
                        + (supported.isEmpty() ? "" : "; use " + supported)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // everything else Spring MVC raises (404 no route, 405 wrong method, 406, missing parameter…)
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        String detail = body instanceof ProblemDetail p && p.getDetail() != null ? p.getDetail() : status.getReasonPhrase();
        if (status == HttpStatus.NOT_FOUND) {
            detail = "There is no such route: " + RequestMetadata.current().method() + " " + RequestMetadata.current().path();
        } else if (ex instanceof HttpMediaTypeNotAcceptableException n && !n.getSupportedMediaTypes().isEmpty()) {
            detail = "The Accept header names none of what this route answers: " + MediaType.toString(n.getSupportedMediaTypes());
        }
        ProblemDetail problem = ProblemWriter.problem(status, detail);
        return ResponseEntity.status(status).headers(headers).body(problem);
    }
}
