package io.holi.incidents;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditRecord;
import io.holi.audit.AuditTrail;
import io.holi.incidents.internal.IncidentRepository;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Incident records: declared, moved forward through their statuses, annotated, linked to what they are about, and
 * told to the public through reviewed updates. Every change is an audit record about the incident (resource
 * {@code incident}), committed with the change: the timeline is the audit trail, sealed like the rest of it.
 */
@Service
public class Incidents {

    /** What declaring an incident takes. Instants left null default to now. */
    public record Declaration(String title, IncidentType type, Severity severity, String commander, String summary,
                              Set<StatusComponent> components, ComponentState impact, Instant occurredAt, Instant detectedAt,
                              Instant discoveredAt) {
    }

    public enum LinkKind { ALERT, AUDIT_RECORD, BREAK_GLASS, ANOMALY }

    /** The statuses a public update may give, in Statuspage's words. */
    public static final List<String> PUBLIC_STATUSES = List.of("investigating", "identified", "monitoring", "resolved");

    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final IncidentRepository repository;
    private final AuditTrail audit;

    Incidents(IncidentRepository repository, AuditTrail audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** Who is acting: the signed-in user, or {@code system:<os user>} for the command line and jobs. */
    public static String actor() {
        return Caller.current().map(Caller::email).orElse("system:" + System.getProperty("user.name", "unknown"));
    }

    @Transactional
    public Incident declare(Declaration d) {
        return declare(d, null).orElseThrow();
    }

    /** Declares an incident for an alert unless an open one has its fingerprint already (then empty). */
    @Transactional
    public Optional<Incident> declare(Declaration d, String alertFingerprint) {
        Instant now = Instant.now();
        String title = IncidentText.required("title", d.title(), 200);
        String commander = IncidentText.required("commander", d.commander(), 200);
        if (d.type() == null || d.severity() == null) {
            throw new HoliException(HoliException.Kind.INVALID, "an incident needs a type and a severity");
        }
        Instant detected = d.detectedAt() == null ? now : d.detectedAt();
        Instant discovered = d.discoveredAt() == null ? detected : d.discoveredAt();
        Instant occurred = d.occurredAt();
        for (Instant t : new Instant[]{detected, discovered, occurred}) {
            if (t != null && t.isAfter(now.plus(CLOCK_SKEW))) {
                throw new HoliException(HoliException.Kind.INVALID, "an incident's times cannot be in the future (" + t + ")");
            }
        }
        if (occurred != null && occurred.isAfter(detected)) {
            throw new HoliException(HoliException.Kind.INVALID, "an incident cannot have occurred after it was detected");
        }
        Set<StatusComponent> components = d.components() == null ? Set.of() : d.components();
        ComponentState impact = d.impact() == null ? ComponentState.PARTIAL_OUTAGE : d.impact();
        Optional<UUID> id = repository.insert(title, d.type(), d.severity(), commander, d.summary() == null ? "" : d.summary().strip(),
                components, impact, occurred, detected, discovered, actor(), alertFingerprint);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Incident i = repository.find(id.get()).orElseThrow();
        timeline(i, "declared", "Declared " + i.severity() + " " + i.type().label().toLowerCase(Locale.ROOT) + " incident: " + title,
                Map.of("severity", i.severity().name(), "type", i.type().name(), "commander", commander));
        return Optional.of(i);
    }

    /** "INC-12", "12" or the id. */
    public Incident find(String reference) {
        String r = reference == null ? "" : reference.strip();
        Optional<Incident> found;
        if (r.matches("(?i)(INC-)?\\d{1,9}")) {
            found = repository.byNumber(Integer.parseInt(r.replaceFirst("(?i)^INC-", "")));
        } else {
            try {
                found = repository.find(UUID.fromString(r));
            } catch (IllegalArgumentException e) {
                throw new HoliException(HoliException.Kind.INVALID, "'" + r + "' is not an incident: write INC-12, 12 or its id");
            }
        }
        return found.orElseThrow(() -> new HoliException(HoliException.Kind.NOT_FOUND, "no incident " + r));
    }

    public Optional<Incident> openWithFingerprint(String fingerprint) {
        return repository.openWithFingerprint(fingerprint);
    }

    public List<Incident> list(boolean openOnly) {
        return repository.list(openOnly);
    }

    /** Moves the incident forward (steps may be skipped). Closing needs it resolved, and a postmortem for SEV1/SEV2. */
    @Transactional
    public Incident move(String reference, IncidentStatus to, String note) {
        Incident i = find(reference);
        if (to.ordinal() <= i.status().ordinal()) {
            throw new HoliException(HoliException.Kind.CONFLICT, i.reference() + " is " + i.status().label().toLowerCase(Locale.ROOT)
                    + "; an incident only moves forward (declared → investigating → contained → resolved → closed)");
        }
        if (to == IncidentStatus.CLOSED && i.status() != IncidentStatus.RESOLVED) {
            throw new HoliException(HoliException.Kind.CONFLICT, i.reference() + " must be resolved before it is closed");
        }
        if (to == IncidentStatus.CLOSED && i.severity().needsPostmortem() && !i.postmortem().complete()) {
            throw new HoliException(HoliException.Kind.CONFLICT, i.reference() + " is a " + i.severity()
                    + ": write its postmortem first (root cause, detection, what went well, what went badly)");
        }
        if (!repository.moveStatus(i.id(), i.status(), to, Instant.now())) {
            throw new HoliException(HoliException.Kind.CONFLICT, i.reference() + " was changed meanwhile; look at it again");
        }
        timeline(i, "status", i.status().label() + " → " + to.label() + (note == null || note.isBlank() ? "" : ": " + note.strip()),
                Map.of("from", i.status().name(), "to", to.name()));
        return repository.find(i.id()).orElseThrow();
    }

    @Transactional
    public Incident note(String reference, String text) {
        Incident i = find(reference);
        timeline(i, "note", IncidentText.required("note", text, 4000), Map.of());
        return i;
    }

    @Transactional
    public Incident severity(String reference, Severity severity) {
        Incident i = find(reference);
        if (i.severity() != severity) {
            repository.setSeverity(i.id(), severity);
            timeline(i, "severity", i.severity() + " → " + severity, Map.of("from", i.severity().name(), "to", severity.name()));
        }
        return repository.find(i.id()).orElseThrow();
    }

    @Transactional
    public Incident commander(String reference, String commander) {
        Incident i = find(reference);
        String c = IncidentText.required("commander", commander, 200);
        repository.setCommander(i.id(), c);
        timeline(i, "commander", "Commander: " + c, Map.of("commander", c));
        return repository.find(i.id()).orElseThrow();
    }

    @Transactional
    public Incident components(String reference, Set<StatusComponent> components, ComponentState impact) {
        Incident i = find(reference);
        repository.setComponents(i.id(), components, impact);
        timeline(i, "components", "Affects " + (components.isEmpty() ? "no component" : String.join(", ",
                components.stream().map(StatusComponent::label).toList())) + " (" + impact.label().toLowerCase(Locale.ROOT) + ")",
                Map.of("components", components.stream().map(StatusComponent::id).toList(), "impact", impact.apiName()));
        return repository.find(i.id()).orElseThrow();
    }

    /**
     * Posts what the public reads on the status page. It must not name anyone: an address, a phone number or an id in
     * it is refused. A "resolved" update resolves the incident.
     */
    @Transactional
    public IncidentUpdate publicUpdate(String reference, String status, String body) {
        Incident i = find(reference);
        if (!PUBLIC_STATUSES.contains(status)) {
            throw new HoliException(HoliException.Kind.INVALID, "a public update's status is one of " + PUBLIC_STATUSES);
        }
        String text = IncidentText.required("public update", body, 2000);
        IncidentText.forThePublic(text);
        IncidentUpdate u = repository.addUpdate(i.id(), status, text, actor());
        timeline(i, "public-update", "Public update (" + status + "): " + text, Map.of("status", status));
        if (status.equals("resolved") && i.status().open()) {
            move(i.reference(), IncidentStatus.RESOLVED, "resolved with the public update");
        }
        return u;
    }

    public List<IncidentUpdate> publicUpdates(UUID incident) {
        return repository.updates(incident);
    }

    @Transactional
    public Incident link(String reference, LinkKind kind, String ref, String note) {
        Incident i = find(reference);
        String r = IncidentText.required("reference", ref, 200);
        if (kind == LinkKind.AUDIT_RECORD) {
            long id;
            try {
                id = Long.parseLong(r);
            } catch (NumberFormatException e) {
                throw new HoliException(HoliException.Kind.INVALID, "an audit record is linked by its number (holi audit search shows it)");
            }
            if (audit.byIds(List.of(id)).isEmpty()) {
                throw new HoliException(HoliException.Kind.NOT_FOUND, "no audit record " + id);
            }
        }
        if (kind == LinkKind.BREAK_GLASS) {
            try {
                UUID.fromString(r);
            } catch (IllegalArgumentException e) {
                throw new HoliException(HoliException.Kind.INVALID, "a break-glass use is linked by its grant's id");
            }
        }
        if (repository.link(i.id(), kind.name(), r, note == null ? "" : note.strip(), actor())) {
            timeline(i, "linked", "Linked " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + r,
                    Map.of("kind", kind.name(), "ref", r));
        }
        return i;
    }

    public List<IncidentLink> links(UUID incident) {
        return repository.links(incident);
    }

    @Transactional
    public ActionItem addAction(String reference, String description, String owner, LocalDate due) {
        Incident i = find(reference);
        if (due == null) {
            throw new HoliException(HoliException.Kind.INVALID, "an action item needs a due date");
        }
        ActionItem a = repository.addAction(i.id(), IncidentText.required("action", description, 500), IncidentText.required("owner", owner, 200), due);
        timeline(i, "action", "Action for " + a.owner() + " by " + due + ": " + a.description(), Map.of("action", a.id().toString()));
        return a;
    }

    @Transactional
    public void completeAction(String reference, UUID action) {
        Incident i = find(reference);
        if (!repository.completeAction(i.id(), action, Instant.now())) {
            throw new HoliException(HoliException.Kind.NOT_FOUND, "no open action item " + action + " on " + i.reference());
        }
        timeline(i, "action-done", "Action done: " + action, Map.of("action", action.toString()));
    }

    public List<ActionItem> actions(UUID incident) {
        return repository.actions(incident);
    }

    public List<ActionItem> overdueActions(LocalDate today) {
        return repository.overdueActions(today);
    }

    @Transactional
    public Incident postmortem(String reference, Incident.Postmortem words) {
        Incident i = find(reference);
        repository.setPostmortem(i.id(), words);
        timeline(i, "postmortem", "Postmortem written", Map.of());
        return repository.find(i.id()).orElseThrow();
    }

    /** The incident's timeline: its audit records, oldest first. */
    public List<AuditRecord> timeline(UUID incident) {
        return audit.forResource(RESOURCE, incident);
    }

    public List<Incident> since(Instant since) {
        return repository.since(since);
    }

    static final String RESOURCE = "incident";

    void timeline(Incident i, String event, String text, Map<String, Object> details) {
        AuditEvent.Builder b = AuditEvent.of(AuditAction.INCIDENT).resource(RESOURCE, i.id()).detail("incident", i.reference())
                .detail("event", event).detail("text", text);
        details.forEach(b::detail);
        audit.record(b.build());
    }

}
