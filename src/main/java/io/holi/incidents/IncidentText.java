package io.holi.incidents;

import io.holi.platform.HoliException;

import java.util.regex.Pattern;

/** The rules for what people type into an incident: required, bounded, and nothing identifying in public text. */
final class IncidentText {

    /** An email address, a phone number (seven digits or more) or an id: never on the public page. */
    private static final Pattern NOT_FOR_THE_PUBLIC = Pattern.compile(
            "[\\w.+-]+@[\\w-]+\\.[\\w.]+|\\+?\\d[\\d ()-]{6,}\\d|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private IncidentText() {
    }

    static String required(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new HoliException(HoliException.Kind.INVALID, "the " + what + " is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new HoliException(HoliException.Kind.INVALID, "the " + what + " is longer than " + max + " characters");
        }
        return v;
    }

    static void forThePublic(String text) {
        if (NOT_FOR_THE_PUBLIC.matcher(text).find()) {
            throw new HoliException(HoliException.Kind.INVALID, "a public update must not contain an email address, a phone number or "
                    + "an id: the status page is public. Describe the impact, not the people.");
        }
    }
}
