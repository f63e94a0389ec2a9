package io.holi.notes;

import java.util.UUID;

/** An AI summary of one version of a note. PHI: never logged. */
public record NoteSummary(UUID noteId, int version, String summary) {

    @Override
    public String toString() {
        return "NoteSummary[noteId=" + noteId + "]";
    }
}
