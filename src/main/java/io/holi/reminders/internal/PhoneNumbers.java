package io.holi.reminders.internal;

/** Phone numbers as written by the front desk, made into E.164 ({@code +15551234567}) for the SMS provider. */
final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /** The number in E.164, or null when it has too few digits to be one. */
    static String e164(String written, String defaultCountryCode) {
        if (written == null) {
            return null;
        }
        String s = written.strip();
        String digits = s.replaceAll("[^0-9]", "");
        String international;
        if (s.startsWith("+")) {
            international = digits;
        } else if (digits.startsWith("00")) {
            international = digits.substring(2);
        } else {
            international = defaultCountryCode + (digits.startsWith("0") ? digits.substring(1) : digits);
        }
        return international.length() < 8 || international.length() > 15 ? null : "+" + international;
    }
}
