package io.holi.audit;

/** What happened. The names are the manual's (its queries filter on them). */
public enum AuditAction {
    LOGIN, LOGIN_FAILED, LOGOUT,
    READ, SEARCH, CREATE, UPDATE, DELETE, EXPORT,
    PERMISSION_DENIED, UNAUTHORIZED_ACCESS,
    CREATE_USER, DELETE_USER, ROLE_CHANGE,
    /** a user changed their own password; PASSWORD_RESET: an administrator set a user's password */
    PASSWORD_CHANGE, PASSWORD_RESET,
    /** a user enrolled a second factor; MFA_RESET: an administrator removed a user's second factor */
    MFA_ENROL, MFA_RESET,
    BREAK_GLASS, GRANT_CREATED, GRANT_REVOKED,
    /** an operational procedure ran: backup, restore, drill, check, key rotation… */
    OPERATION,
    /** an appointment reminder went to a patient (the system sent it; the record names the appointment and channel, never the text) */
    REMINDER,
    /** an entry of an incident's timeline: declared, a status change, a note, a link, a breach decision… */
    INCIDENT
}
