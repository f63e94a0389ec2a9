package io.holi.cli;

import io.holi.platform.HoliException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How reports print sizes, ages and times: for a person reading a terminal. */
final class Formats {

    /** How a report prints: the manual's template for a person, or JSON for a script ({@code --format}). */
    enum Report { TEXT, JSON }

    /** How a listing prints: a table for a person, or JSON for a script ({@code --format}). */
    enum Listing { TABLE, JSON }

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Pattern SPAN = Pattern.compile("^(\\d+)\\s*(d|h|m|s|w)$");

    private Formats() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86400) + "d " + (s % 86400 / 3600) + "h";
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String utc(Instant t) {
        return UTC.format(t) + " UTC";
    }

    /**
     * A time on the command line: ISO-8601 with an offset or Z ({@code 2026-12-05T22:00Z}), or without one in the
     * clinic's time zone ({@code 2026-12-05T22:00}).
     */
    static Instant instant(String option, String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new HoliException(HoliException.Kind.INVALID, option + ": '" + text
                        + "' is not a time; write it as 2026-12-05T22:00 (the clinic's zone) or 2026-12-05T22:00Z");
            }
        }
    }

    /** {@code 90d}, {@code 12h}, {@code 2w}, or ISO-8601 ({@code P90D}). */
    static Duration span(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SPAN.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return t.startsWith("p") && !t.contains("t") && t.endsWith("d")
                    ? Duration.ofDays(Long.parseLong(t.substring(1, t.length() - 1)))
                    : Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw io.holi.platform.HoliException.invalid(option, "'" + text + "' is not a duration (use e.g. 90d, 12h, 2w)");
        }
    }
}
