package io.holi.notes.internal;

import io.holi.notes.Note;
import io.holi.notes.NoteService;
import io.holi.notes.NoteSummary;
import io.holi.notes.NoteVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Notes")
class NoteController {

    record NoteText(@NotBlank(message = "is required")
                    @Size(max = NoteService.MAX_TEXT, message = "must be at most 100000 characters") String text) {
        @Override
        public String toString() {
            return "NoteText[redacted]";
        }
    }

    record Items<T>(List<T> items) {
    }

    private final NoteService notes;

    NoteController(NoteService notes) {
        this.notes = notes;
    }

    @PostMapping("/api/patients/{id}/notes")
    @Operation(summary = "Write a clinical note (clinicians with a grant).")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Note> write(@PathVariable UUID id, @Valid @RequestBody NoteText body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(notes.write(id, body.text()));
    }

    @GetMapping("/api/patients/{id}/notes")
    @Operation(summary = "A patient's notes at their current versions.")
    Items<Note> list(@PathVariable UUID id) {
        return new Items<>(notes.forPatient(id));
    }

    @GetMapping("/api/notes/{id}")
    @Operation(summary = "One note at its current version.")
    Note get(@PathVariable UUID id) {
        return notes.get(id);
    }

    @PutMapping("/api/notes/{id}")
    @Operation(summary = "Revise a note: adds a version; earlier versions stay readable.")
    Note revise(@PathVariable UUID id, @Valid @RequestBody NoteText body) {
        return notes.revise(id, body.text());
    }

    @GetMapping("/api/notes/{id}/versions")
    @Operation(summary = "Every version of a note, oldest first.")
    Items<NoteVersion> versions(@PathVariable UUID id) {
        return new Items<>(notes.versions(id));
    }

    @PostMapping("/api/notes/{id}/summary")
    @Operation(summary = "AI summary of the note (Anthropic); 503 'AI assistance unavailable' within 10 s when it cannot answer.")
    NoteSummary summary(@PathVariable UUID id) {
        return notes.summarize(id);
    }
}
