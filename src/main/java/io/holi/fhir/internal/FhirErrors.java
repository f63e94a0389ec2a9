package io.holi.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import io.holi.platform.HoliException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * holi's failures as FHIR answers (an OperationOutcome with the same status and words as the JSON API's problem):
 * the one place the FHIR facade maps exceptions, as ProblemHandler is for /api.
 */
final class FhirErrors {

    private static final Logger log = LoggerFactory.getLogger(FhirErrors.class);

    private FhirErrors() {
    }

    /** 429 and 503 have no class of their own in HAPI. */
    static final class Status extends BaseServerResponseException {
        Status(int status, String message) {
            super(status, message);
        }
    }

    static BaseServerResponseException map(Throwable thrown) {
        BaseServerResponseException e = mapped(thrown);
        if (e.getOperationOutcome() == null) {
            e.setOperationOutcome(outcome(e.getStatusCode(), e.getMessage()));
        }
        return e;
    }

    /** The issue's code says what kind of failure it is (HAPI would say "processing" for all of them). */
    static OperationOutcome outcome(int status, String message) {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setDiagnostics(message).setCode(switch (status) {
            case 400 -> OperationOutcome.IssueType.INVALID;
            case 401 -> OperationOutcome.IssueType.LOGIN;
            case 403 -> OperationOutcome.IssueType.FORBIDDEN;
            case 404, 410 -> OperationOutcome.IssueType.NOTFOUND;
            case 409 -> OperationOutcome.IssueType.CONFLICT;
            case 412, 422 -> OperationOutcome.IssueType.BUSINESSRULE;
            case 429 -> OperationOutcome.IssueType.THROTTLED;
            case 503 -> OperationOutcome.IssueType.TRANSIENT;
            default -> OperationOutcome.IssueType.EXCEPTION;
        });
        return oo;
    }

    private static BaseServerResponseException mapped(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof HoliException h) {
                return map(h);
            }
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof CannotCreateTransactionException) {
                log.error("Database unavailable during a FHIR request: {}", t.getClass().getSimpleName());
                return new Status(503, "The database is not reachable right now; nothing was changed. Try again shortly.");
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                log.error("Database connection lost during a FHIR request");
                return new Status(503, "The database connection was lost, so a change may or may not have been saved. "
                        + "Look before trying again.");
            }
        }
        if (thrown instanceof BaseServerResponseException b && !(b instanceof InternalErrorException)) {
            return b; // HAPI's own answers: unknown resource type, bad search parameter, unparseable body…
        }
        // never the message: it may quote a record
        log.error("Unexpected {} during a FHIR request", thrown.getClass().getName());
        return new InternalErrorException("Something went wrong on our side; nothing was changed. Quote the X-Request-Id when reporting it.");
    }

    static BaseServerResponseException map(HoliException e) {
        return switch (e.kind()) {
            case INVALID -> new InvalidRequestException(e.getMessage());
            case NOT_FOUND -> new ResourceNotFoundException(e.getMessage());
            case CONFLICT -> new ResourceVersionConflictException(e.getMessage());
            case UNAUTHORIZED -> new AuthenticationException(e.getMessage());
            case FORBIDDEN -> new ForbiddenOperationException(e.getMessage());
            case RATE_LIMITED -> new Status(429, e.getMessage());
            case UNAVAILABLE -> new Status(503, e.getMessage());
            case FAILED -> {
                log.error("FHIR request failed: {}", e.getMessage());
                yield new InternalErrorException(e.getMessage());
            }
        };
    }
}
