package io.holi.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a checklist: what was measured, against what, and the verdict.
 *
 * @param value     what was found ("12/100 connections")
 * @param threshold what it is held to ("< 80 %")
 * @param advice    what to do about it, when it is not OK
 * @param facts     numbers worth keeping with the run's evidence, for later checks to compare against
 *                  (the database's size, the connections in use)
 */
public record Check(String name, Status status, String value, String threshold, String advice, Map<String, Object> facts) {

    public Check {
        facts = Map.copyOf(facts);
    }

    public Check(String name, Status status, String value, String threshold, String advice) {
        this(name, status, value, threshold, advice, Map.of());
    }

    /** The same verdict, with a fact kept in the run's evidence. */
    public Check withFact(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(facts);
        more.put(key, value);
        return new Check(name, status, this.value, threshold, advice, more);
    }

    public enum Status {
        OK, WARNING, FAILURE, SKIPPED;

        public String symbol() {
            return switch (this) {
                case OK -> "✓";
                case WARNING -> "⚠";
                case FAILURE -> "✗";
                case SKIPPED -> "–";
            };
        }
    }

    public static Check ok(String name, String value, String threshold) {
        return new Check(name, Status.OK, value, threshold, "");
    }

    public static Check warning(String name, String value, String threshold, String advice) {
        return new Check(name, Status.WARNING, value, threshold, advice);
    }

    public static Check failure(String name, String value, String threshold, String advice) {
        return new Check(name, Status.FAILURE, value, threshold, advice);
    }

    public static Check skipped(String name, String why) {
        return new Check(name, Status.SKIPPED, why, "", "");
    }

    /** OK, or the given status, by a condition. */
    public static Check of(String name, boolean ok, Status otherwise, String value, String threshold, String advice) {
        return new Check(name, ok ? Status.OK : otherwise, value, threshold, ok ? "" : advice);
    }
}
