package io.holi.notify;

/** A message for the on-call people: checks' reports, anomalies. Never PHI: counts, ids, workforce emails. */
public record Notification(Severity severity, String title, String text, String dedupKey) {

    public enum Severity { INFO, WARNING, CRITICAL }

    public static Notification info(String title, String text) {
        return new Notification(Severity.INFO, title, text, null);
    }

    public static Notification warning(String title, String text) {
        return new Notification(Severity.WARNING, title, text, null);
    }

    public static Notification critical(String title, String text) {
        return new Notification(Severity.CRITICAL, title, text, null);
    }

    public Notification withDedupKey(String key) {
        return new Notification(severity, title, text, key);
    }
}
