package io.holi.audit;

public enum AuditOutcome {
    SUCCESS, DENIED, FAILED
}
