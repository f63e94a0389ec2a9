package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.notes.Note;
import io.holi.notes.NoteService;
import io.holi.notes.NoteVersion;
import io.holi.platform.HoliException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Clinical notes on the chart: write, edit (each edit is a new version), the version history with what changed, and
 * the AI summary (or why it is unavailable). What was typed is never lost: a refused save shows the text again.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'ADMIN')")
class NotePages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm");

    record Version(int number, String when, List<WordDiff.Part> changes) {
    }

    private final NoteService notes;
    private final ChartFrame chart;
    private final ZoneId zone;

    NotePages(NoteService notes, ChartFrame chart, io.holi.platform.HoliProperties properties) {
        this.notes = notes;
        this.chart = chart;
        this.zone = properties.clinic().timeZone();
    }

    @GetMapping("/patients/{id}/notes")
    String list(@PathVariable UUID id, Model model, HttpServletResponse response) {
        Optional<String> other = chart.open(id, "notes", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        List<Note> list = new ArrayList<>(notes.forPatient(id));
        list.sort((a, b) -> b.updatedAt().compareTo(a.updatedAt()));
        model.addAttribute("notes", list);
        model.addAttribute("when", (java.util.function.Function<java.time.Instant, String>) t -> WHEN.format(t.atZone(zone)));
        return "web/chart-notes";
    }

    @PostMapping("/patients/{id}/notes")
    @PreAuthorize("hasRole('CLINICIAN')")
    String write(@PathVariable UUID id, @RequestParam(defaultValue = "") String text, Model model, HttpServletResponse response) {
        try {
            if (text.isBlank()) {
                throw HoliException.invalid("text", "is required: write the note");
            }
            notes.write(id, text);
            return "redirect:/patients/" + id + "/notes?saved";
        } catch (HoliException e) {
            if (e.kind() == HoliException.Kind.FORBIDDEN || e.kind() == HoliException.Kind.NOT_FOUND) {
                return chart.refused(id, e, model, response);
            }
            response.setStatus(400);
            model.addAttribute("errors", Forms.of(e));
            model.addAttribute("typed", text);
            return list(id, model, response);
        }
    }

    @GetMapping("/notes/{noteId}/edit")
    String editForm(@PathVariable UUID noteId, Model model, HttpServletResponse response) {
        Note n = notes.get(noteId);
        Optional<String> other = chart.open(n.patientId(), "notes", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        model.addAttribute("note", n);
        model.addAttribute("text", n.text());
        return "web/note-edit";
    }

    @PostMapping("/notes/{noteId}")
    @PreAuthorize("hasRole('CLINICIAN')")
    String revise(@PathVariable UUID noteId, @RequestParam(defaultValue = "") String text, Model model, HttpServletResponse response) {
        Note n = notes.get(noteId);
        try {
            if (text.isBlank()) {
                throw HoliException.invalid("text", "is required: a note cannot be emptied");
            }
            notes.revise(noteId, text);
            return "redirect:/patients/" + n.patientId() + "/notes?saved";
        } catch (HoliException e) {
            if (e.kind() == HoliException.Kind.FORBIDDEN) {
                return chart.refused(n.patientId(), e, model, response);
            }
            chart.open(n.patientId(), "notes", model, response);
            response.setStatus(400);
            model.addAttribute("errors", Forms.of(e));
            model.addAttribute("note", n);
            model.addAttribute("text", text);
            return "web/note-edit";
        }
    }

    @GetMapping("/notes/{noteId}/history")
    String history(@PathVariable UUID noteId, Model model, HttpServletResponse response) {
        Note n = notes.get(noteId);
        Optional<String> other = chart.open(n.patientId(), "notes", model, response);
        if (other.isPresent()) {
            return other.get();
        }
        List<NoteVersion> versions = new ArrayList<>(notes.versions(noteId));
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        List<Version> out = new ArrayList<>();
        String previous = "";
        for (NoteVersion v : versions) {
            out.add(new Version(v.version(), WHEN.format(v.createdAt().atZone(zone)), WordDiff.between(previous, v.text())));
            previous = v.text();
        }
        java.util.Collections.reverse(out);
        model.addAttribute("note", n);
        model.addAttribute("versions", out);
        return "web/note-history";
    }

    /** The AI summary, into the note's card (htmx); a clear message when the assistant is unavailable. */
    @PostMapping("/notes/{noteId}/summary")
    String summary(@PathVariable UUID noteId, Model model) {
        try {
            model.addAttribute("summary", notes.summarize(noteId).summary());
        } catch (HoliException e) {
            if (e.kind() != HoliException.Kind.UNAVAILABLE) {
                throw e;
            }
            model.addAttribute("unavailable", "The AI summary is unavailable right now (" + e.getMessage()
                    + "). The note itself is unaffected.");
        }
        model.addAttribute("noteId", noteId);
        return "web/chart-notes :: summary";
    }
}
