package io.holi.incidents;

import io.holi.audit.AuditRecord;
import io.holi.platform.ClinicTime;
import io.holi.platform.HoliProperties;
import io.holi.status.StatusComponent;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * A blameless postmortem in Markdown, generated from the record: the summary, the impact (with the PHI question
 * answered from the breach assessment), the timeline from the audit trail, and the team's own words for root cause,
 * detection and what went well and badly; then the action items. Required before a SEV1 or SEV2 closes.
 */
@Service
public class Postmortems {

    private final Incidents incidents;
    private final BreachAssessments breaches;
    private final ZoneId zone;

    Postmortems(Incidents incidents, BreachAssessments breaches, HoliProperties holi) {
        this.incidents = incidents;
        this.breaches = breaches;
        this.zone = holi.clinic().timeZone();
    }

    public String markdown(String reference) {
        Incident i = incidents.find(reference);
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: ").append(i.reference()).append(" — ").append(i.title()).append("\n\n");
        md.append("*Blameless: this describes what happened and what the system let happen, not who is at fault.*\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Severity", i.severity() + " — " + i.severity().criteria());
        row(md, "Type", i.type().label());
        row(md, "Status", i.status().label());
        row(md, "Commander", i.commander());
        row(md, "Occurred", time(i.occurredAt()));
        row(md, "Detected", time(i.detectedAt()));
        row(md, "Discovered", time(i.discoveredAt()));
        row(md, "Contained", time(i.containedAt()));
        row(md, "Resolved", time(i.resolvedAt()));
        row(md, "Closed", time(i.closedAt()));
        if (i.resolvedAt() != null && i.detectedAt() != null) {
            row(md, "Time to resolve", minutes(Duration.between(i.detectedAt(), i.resolvedAt())));
        }
        md.append("\n## Summary\n\n").append(or(i.summary(), "_No summary written._")).append("\n\n");
        md.append("## Impact\n\n");
        md.append("Components: ").append(i.components().isEmpty() ? "none on the status page"
                : String.join(", ", i.components().stream().map(StatusComponent::label).toList()) + " (" + i.impact().label().toLowerCase(Locale.ROOT) + ")")
                .append(".\n\n");
        if (i.type() == IncidentType.SECURITY_PRIVACY) {
            BreachAssessments.Report r = breaches.report(i.reference());
            BreachAssessments.Assessment a = r.assessment();
            md.append("PHI: ").append(a.affectedPatients()).append(" patients affected (").append(r.affectedFromAuditRecords())
                    .append(" found in the linked audit records). Nature and extent: ").append(or(a.phiNature(), "not assessed"))
                    .append(". Breach decision: ").append(a.decision()).append(a.approver() == null ? "" : " (approved by " + a.approver() + ")")
                    .append(a.justification().isBlank() ? "" : " — " + a.justification()).append(".\n\n");
            for (BreachAssessments.DeadlineState d : r.deadlines()) {
                md.append("- Notice to ").append(d.deadline().recipient().name().toLowerCase(Locale.ROOT)).append(": due ")
                        .append(d.deadline().due()).append(d.deadline().annualLog() ? " (annual log)" : "")
                        .append(d.sent().map(n -> ", sent " + time(n.sentAt()) + " by " + n.method()).orElse(", not sent")).append("\n");
            }
            md.append("\n");
        } else {
            md.append("PHI: not a security/privacy incident; no PHI was exposed by it.\n\n");
        }
        md.append("## Timeline\n\n");
        List<AuditRecord> timeline = incidents.timeline(i.id());
        for (AuditRecord r : timeline) {
            md.append("- ").append(time(r.timestamp())).append(" — ").append(r.details().getOrDefault("text", r.details().get("event")))
                    .append(" (").append(r.userEmail()).append(", audit record ").append(r.id()).append(")\n");
        }
        md.append("\n## Root cause\n\n").append(or(i.postmortem().rootCause(), "_To be written._")).append("\n\n");
        md.append("## Detection\n\n").append(or(i.postmortem().detection(), "_To be written._")).append("\n\n");
        md.append("## What went well\n\n").append(or(i.postmortem().wentWell(), "_To be written._")).append("\n\n");
        md.append("## What went badly\n\n").append(or(i.postmortem().wentBadly(), "_To be written._")).append("\n\n");
        md.append("## Action items\n\n");
        List<ActionItem> actions = incidents.actions(i.id());
        if (actions.isEmpty()) {
            md.append("_None recorded._\n");
        }
        for (ActionItem a : actions) {
            md.append("- [").append(a.doneAt() == null ? " " : "x").append("] ").append(a.description()).append(" — ").append(a.owner())
                    .append(", due ").append(a.due()).append("\n");
        }
        return md.toString();
    }

    private String time(Instant t) {
        return t == null ? "—" : ClinicTime.describe(t, zone);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m < 120 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
    }

    private static String or(String s, String otherwise) {
        return s == null || s.isBlank() ? otherwise : s.strip();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
