package io.holi.platform;

/** Workforce roles. What each may do with PHI is decided by the access module's PHI gate. */
public enum Role {
    /** manages users and grants; reads PHI only through a grant or break-glass */
    ADMIN,
    /** reads and writes the records of patients it holds a grant for */
    CLINICIAN,
    /** front desk: demographics and appointments of granted patients */
    STAFF,
    /** reads the audit trail, never PHI */
    AUDITOR
}
