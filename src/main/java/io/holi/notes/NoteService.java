package io.holi.notes;

import io.holi.access.PhiGate;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.notes.internal.NoteRepository;
import io.holi.notes.internal.NoteSummarizer;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

/** Clinical notes: legal records, so an edit adds a version and every earlier version stays readable. */
@Service
public class NoteService {

    public static final int MAX_TEXT = 100_000;

    private final NoteRepository repository;
    private final PhiGate gate;
    private final AuditTrail audit;
    private final NoteSummarizer summarizer;

    NoteService(NoteRepository repository, PhiGate gate, AuditTrail audit, NoteSummarizer summarizer) {
        this.repository = repository;
        this.gate = gate;
        this.audit = audit;
        this.summarizer = summarizer;
    }

    @Transactional
    public Note write(UUID patientId, String text) {
        Caller caller = Caller.require();
        gate.require(caller, patientId, Purpose.WRITE_CLINICAL, "Note");
        UUID id = UUID.randomUUID();
        repository.insert(id, patientId, caller.id(), clean(text));
        audit.record(AuditEvent.of(AuditAction.CREATE).resource("Note", id).patient(patientId).build());
        return repository.find(id).orElseThrow();
    }

    public List<Note> forPatient(UUID patientId) {
        gate.require(Caller.require(), patientId, Purpose.READ_CLINICAL, "Note");
        List<Note> notes = repository.forPatient(patientId);
        audit.record(AuditEvent.of(AuditAction.READ).resource("Note").patient(patientId).detail("returned", notes.size()).build());
        return notes;
    }

    /** Whose note this is (an identifier, not the record). */
    public Optional<UUID> patientOf(UUID noteId) {
        return repository.patientOf(noteId);
    }

    public Note get(UUID noteId) {
        Note n = repository.find(noteId).orElseThrow(() -> notFound(noteId));
        gate.checkRecord(Caller.require(), n.patientId(), Purpose.READ_CLINICAL, "Note", () -> notFound(noteId));
        audit.record(AuditEvent.of(AuditAction.READ).resource("Note", noteId).patient(n.patientId()).build());
        return n;
    }

    /** Adds a version; the earlier ones stay as they were. */
    @Transactional
    public Note revise(UUID noteId, String text) {
        UUID patientId = repository.lockForRevision(noteId).orElseThrow(() -> notFound(noteId));
        Caller caller = Caller.require();
        gate.checkRecord(caller, patientId, Purpose.WRITE_CLINICAL, "Note", () -> notFound(noteId));
        int version = repository.addVersion(noteId, caller.id(), clean(text));
        audit.record(AuditEvent.of(AuditAction.UPDATE).resource("Note", noteId).patient(patientId)
                .detail("version", version).build());
        return repository.find(noteId).orElseThrow();
    }

    public List<NoteVersion> versions(UUID noteId) {
        Note n = repository.find(noteId).orElseThrow(() -> notFound(noteId));
        gate.checkRecord(Caller.require(), n.patientId(), Purpose.READ_CLINICAL, "Note", () -> notFound(noteId));
        List<NoteVersion> versions = repository.versions(noteId);
        audit.record(AuditEvent.of(AuditAction.READ).resource("Note", noteId).patient(n.patientId())
                .detail("versions", versions.size()).build());
        return versions;
    }

    /**
     * An AI summary of the note's current version. The note leaves for the AI vendor only after an EXPORT
     * record naming the recipient is durable; without a key, on timeout or on any API error: 503.
     */
    /**
     * Whether the AI service that writes summaries answers (asked at most once per {@code maxAge}); empty when no key
     * is set and summaries are off.
     */
    public Optional<Boolean> aiReachable(Duration maxAge) {
        return summarizer.reachability(maxAge).map(NoteSummarizer.Reachability::reachable);
    }

    public NoteSummary summarize(UUID noteId) {
        Note n = repository.find(noteId).orElseThrow(() -> notFound(noteId));
        gate.checkRecord(Caller.require(), n.patientId(), Purpose.READ_CLINICAL, "Note", () -> notFound(noteId));
        if (!summarizer.available()) {
            throw HoliException.unavailable("AI assistance unavailable: no ANTHROPIC_API_KEY is configured", null);
        }
        audit.record(AuditEvent.of(AuditAction.EXPORT).resource("Note", noteId).patient(n.patientId())
                .detail("recipient", "Anthropic Messages API").detail("model", summarizer.model())
                .detail("purpose", "note summary").build());
        return new NoteSummary(noteId, n.version(), summarizer.summarize(n.text()));
    }

    /** For a chart export: every note with every version; the caller has passed the gate for EXPORT. */
    public Map<Note, List<NoteVersion>> forExport(UUID patientId) {
        Map<Note, List<NoteVersion>> out = new java.util.LinkedHashMap<>();
        for (Note n : repository.forPatient(patientId)) {
            out.put(n, repository.versions(n.id()));
        }
        return out;
    }

    private static String clean(String text) {
        if (text == null || text.isBlank()) {
            throw HoliException.invalid("text", "is required");
        }
        if (text.length() > MAX_TEXT) {
            throw HoliException.invalid("text", "must be at most " + MAX_TEXT + " characters");
        }
        return text;
    }

    private static HoliException notFound(UUID id) {
        return HoliException.notFound("No note with id " + id);
    }
}
