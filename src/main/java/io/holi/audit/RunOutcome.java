package io.holi.audit;

/**
 * How an operational run went, the one vocabulary for every procedure (backup, drill, check, prune…). A warning is a
 * run that did its work and found something to look at (a drill over the RTO, a prune that kept partitions): it is
 * audited as a success with its outcome in the record, not as a failure.
 */
public enum RunOutcome {
    SUCCESS, WARNING, FAILED;

    /** What the audit trail records for a run with this outcome. */
    public AuditOutcome auditOutcome() {
        return switch (this) {
            case SUCCESS, WARNING -> AuditOutcome.SUCCESS;
            case FAILED -> AuditOutcome.FAILED;
        };
    }
}
