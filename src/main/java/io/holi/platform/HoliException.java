package io.holi.platform;

import java.time.Duration;
import java.util.List;

/**
 * A failure that the caller can understand and act on. One place maps its kind to an HTTP problem
 * (the web layer) and one place to an exit code (the CLI).
 */
public class HoliException extends RuntimeException {

    public enum Kind {
        /** the input is wrong: 400 / exit 2 */
        INVALID,
        /** no such thing: 404 / exit 1 */
        NOT_FOUND,
        /** it clashes with what exists: 409 / exit 1 */
        CONFLICT,
        /** not signed in: 401 */
        UNAUTHORIZED,
        /** signed in, not allowed: 403 / exit 1 */
        FORBIDDEN,
        /** too many attempts; try again after {@link #retryAfter()}: 429 / exit 1 */
        RATE_LIMITED,
        /** a dependency is down or the service is in maintenance: 503 / exit 1 */
        UNAVAILABLE,
        /** something is wrong on our side: 500 / exit 1 */
        FAILED
    }

    /** A field that failed validation and why; never its value. */
    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final List<FieldError> fieldErrors;
    private final Duration retryAfter;

    public HoliException(Kind kind, String message) {
        this(kind, message, List.of(), null);
    }

    public HoliException(Kind kind, String message, Throwable cause) {
        this(kind, message, List.of(), cause);
    }

    public HoliException(Kind kind, String message, List<FieldError> fieldErrors, Throwable cause) {
        this(kind, message, fieldErrors, cause, Duration.ZERO);
    }

    private HoliException(Kind kind, String message, List<FieldError> fieldErrors, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = kind;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
    }

    public static HoliException invalid(String field, String message) {
        return new HoliException(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)), null);
    }

    public static HoliException notFound(String message) {
        return new HoliException(Kind.NOT_FOUND, message);
    }

    public static HoliException conflict(String message) {
        return new HoliException(Kind.CONFLICT, message);
    }

    public static HoliException forbidden(String message) {
        return new HoliException(Kind.FORBIDDEN, message);
    }

    /** Too many attempts: answered 429 with a Retry-After of at least a second. */
    public static HoliException rateLimited(String message, Duration retryAfter) {
        Duration wait = retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
        return new HoliException(Kind.RATE_LIMITED, message, List.of(), null, wait);
    }

    public static HoliException unavailable(String message, Throwable cause) {
        return new HoliException(Kind.UNAVAILABLE, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** How long to wait before trying again ({@link Kind#RATE_LIMITED}); zero otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
