package io.holi.incidents;

/** How bad an incident is, with the written criteria the commander picks by. */
public enum Severity {
    SEV1("All clinic staff cannot work (holi down or unusable), or PHI of many patients is exposed or at risk now.", "critical"),
    SEV2("A core function is unavailable for many users (sign-in, charts, scheduling), data may be lost or wrong, "
            + "or PHI of any patient may have reached someone not entitled to it.", "major"),
    SEV3("Part of holi is degraded or unavailable with a workaround (slow pages, reminders late, one instance down); "
            + "no PHI at risk.", "minor"),
    SEV4("No user-visible impact: a near miss, a failed safeguard caught in time, a question to investigate.", "none");

    private final String criteria;
    private final String impact;

    Severity(String criteria, String impact) {
        this.criteria = criteria;
        this.impact = impact;
    }

    public String criteria() {
        return criteria;
    }

    /** Statuspage's impact word: critical, major, minor, none. */
    public String impact() {
        return impact;
    }

    /** A postmortem is required when a SEV1 or SEV2 closes. */
    public boolean needsPostmortem() {
        return this == SEV1 || this == SEV2;
    }
}
