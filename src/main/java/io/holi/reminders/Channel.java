package io.holi.reminders;

import java.util.Locale;

/** How a reminder reaches a patient, and the vendor (as the vendor inventory names it) that carries it. */
public enum Channel {
    SMS("Twilio"), EMAIL("Resend");

    private final String vendor;

    Channel(String vendor) {
        this.vendor = vendor;
    }

    public String vendor() {
        return vendor;
    }

    /** The metric label and the CLI's word: {@code sms}, {@code email}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
