package io.holi.platform.internal;

/**
 * Exception messages can carry submitted values (a database's "Key (email)=(…) already exists", a parser's
 * "cannot parse '…'"), and submitted values may be PHI. Logs get the types and stack frames, not messages.
 */
final class Redaction {

    private Redaction() {
    }

    static Throwable withoutMessages(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable copy = new RedactedException(t.getClass().getName(), withoutMessages(t.getCause() == t ? null : t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    private static final class RedactedException extends RuntimeException {
        RedactedException(String type, Throwable cause) {
            super(type + " (message withheld: it may contain submitted data)", cause, false, true);
        }
    }
}
