package io.holi.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A moment for readers in the clinic and engineers anywhere: "2026-12-02 05:30 UTC (06:30 Europe/Berlin)". */
public final class ClinicTime {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private ClinicTime() {
    }

    /** UTC, and the clinic's time beside it (with its date when that differs); "" for none. */
    public static String describe(Instant t, ZoneId zone) {
        if (t == null) {
            return "";
        }
        String utc = UTC.format(t);
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return utc;
        }
        var local = t.atZone(zone);
        String day = local.toLocalDate().equals(t.atZone(ZoneOffset.UTC).toLocalDate()) ? "" : local.toLocalDate() + " ";
        return utc + " (" + day + LOCAL.format(local) + " " + zone.getId() + ")";
    }
}
