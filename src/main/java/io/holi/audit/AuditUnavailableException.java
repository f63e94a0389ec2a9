package io.holi.audit;

import io.holi.platform.HoliException;

/**
 * The audit record could not be made durable, so the request must not be answered with data or a
 * confirmation (invariant 1). Answered with 503.
 */
public class AuditUnavailableException extends HoliException {
    public AuditUnavailableException(Throwable cause) {
        super(Kind.UNAVAILABLE, "The audit trail cannot be written right now, so this request was not carried out "
                + "and nothing was returned. On-call: see docs/runbooks/HIPAA_AUDIT_LOG_FAILURE.md", cause);
    }
}
