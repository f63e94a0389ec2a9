package io.holi.notes;

import java.time.Instant;
import java.util.UUID;

/** One version of a note: legal record, never changed. PHI: never logged. */
public record NoteVersion(UUID noteId, int version, String text, UUID authorId, Instant createdAt) {

    @Override
    public String toString() {
        return "NoteVersion[noteId=" + noteId + ", version=" + version + "]";
    }
}
