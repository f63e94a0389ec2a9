package io.holi.audit.internal;

/**
 * How a sealed batch's rows were written as text (see {@link SealedRows}): the one place that knows what each format
 * means for the chain digest, the archived object's name and its description. Stored as its {@link #label()} in
 * {@code holi_ops.audit_seals.format}.
 */
public enum SealFormat {

    /** One JSON object per row, built by PostgreSQL; what releases before v2 sealed. */
    V1("v1", ".jsonl.gz", "v1: one JSON object per row, lines joined by \\n; rowsSha256 = SHA-256 of the lines joined by \\n"),

    /** One tab-separated line per row, written by holi (the format new batches are sealed in). */
    V2("v2", ".tsv.gz", "v2: one line per row, tab-separated columns id, timestamp, user_id, user_email, role, action, resource, "
            + "resource_id, patient_id, ip_address, user_agent, request_id, outcome, details; NULL as \\N; backslash, tab, "
            + "newline, carriage return escaped as in PostgreSQL's COPY text format; timestamp in UTC with microseconds; "
            + "rowsSha256 = SHA-256 of the lines joined by \\n; chain digest = SHA-256 of prevDigest, batch, afterId, "
            + "lastId, rowCount, rowsSha256 and \"v2\", joined by \\n");

    /** The format new batches are sealed in. */
    public static final SealFormat CURRENT = V2;

    private final String label;
    private final String archiveSuffix;
    private final String description;

    SealFormat(String label, String archiveSuffix, String description) {
        this.label = label;
        this.archiveSuffix = archiveSuffix;
        this.description = description;
    }

    /** What the seals' format column says; a format this release does not know is refused, never guessed. */
    public static SealFormat of(String label) {
        for (SealFormat f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalStateException("an audit seal in format '" + label + "', which this release of holi cannot verify: "
                + "upgrade holi");
    }

    public String label() {
        return label;
    }

    /** The archived object's name ending. */
    public String archiveSuffix() {
        return archiveSuffix;
    }

    /** What an auditor reading the archived object needs to know to check it by hand. */
    public String description() {
        return description;
    }

    /** The text a batch's chain digest is taken over: from v2 on the format is part of it, so it cannot be re-labelled. */
    String chainText(String prev, long batch, long afterId, long lastId, long count, String rowsSha) {
        String text = prev + "\n" + batch + "\n" + afterId + "\n" + lastId + "\n" + count + "\n" + rowsSha;
        return this == V1 ? text : text + "\n" + label;
    }
}
