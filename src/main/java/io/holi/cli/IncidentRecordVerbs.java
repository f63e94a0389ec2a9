package io.holi.cli;

import io.holi.audit.AuditRecord;
import io.holi.incidents.BreachAssessments;
import io.holi.incidents.BreachDeadlines;
import io.holi.incidents.Incident;
import io.holi.incidents.Incidents;
import io.holi.incidents.Postmortems;
import io.holi.platform.HoliProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The verbs of {@code holi incident} that read an incident's record: show, postmortem, and the breach assessment. */
final class IncidentRecordVerbs {

    private IncidentRecordVerbs() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "An incident with its timeline, public updates, links and action items.")
    static class Show extends Verb {
        @Parameters(paramLabel = "INCIDENT")
        String ref;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Incidents incidents = ctx.getBean(Incidents.class);
                Incident i = incidents.find(ref);
                PrintWriter out = out();
                IncidentCommand.print(out, i);
                out.println();
                out.println("Timeline (audit records):");
                for (AuditRecord r : incidents.timeline(i.id())) {
                    out.println("  " + Formats.utc(r.timestamp()) + "  #" + r.id() + "  " + r.userEmail() + "  " + r.details().get("text"));
                }
                var updates = incidents.publicUpdates(i.id());
                out.println(updates.isEmpty() ? "Not on the status page (no public update)." : "Public updates:");
                updates.forEach(u -> out.println("  " + Formats.utc(u.postedAt()) + "  " + u.status() + ": " + u.body()));
                incidents.links(i.id()).forEach(l -> out.println("Linked " + l.kind().toLowerCase(Locale.ROOT) + " " + l.ref()));
                incidents.actions(i.id()).forEach(a -> out.println("Action " + a.id() + " [" + (a.doneAt() == null ? " " : "x") + "] "
                        + a.description() + " (" + a.owner() + ", due " + a.due() + ")"));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "postmortem", mixinStandardHelpOptions = true, description = "The blameless postmortem in Markdown, generated from the record.")
    static class PostmortemVerb extends Verb {
        @Parameters(paramLabel = "INCIDENT")
        String ref;
        @Option(names = "--output", paramLabel = "FILE", description = "write it to a file instead of the terminal")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                String md = ctx.getBean(Postmortems.class).markdown(ref);
                if (output == null) {
                    out().print(md);
                } else {
                    Files.writeString(output, md);
                    out().println("Wrote " + output);
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "breach", mixinStandardHelpOptions = true,
            description = "The breach assessment of a security/privacy incident (45 CFR 164.402), its decision, notices, and deadlines.")
    static class Breach extends Verb {
        @Parameters(paramLabel = "INCIDENT")
        String ref;
        @Option(names = "--phi-nature", description = "factor 1: the nature and extent of the PHI (kinds of identifiers, likelihood of re-identification)")
        String nature;
        @Option(names = "--recipient", description = "factor 2: the unauthorized person who used the PHI or to whom it was disclosed")
        String recipient;
        @Option(names = "--acquired", description = "factor 3: whether the PHI was actually acquired or viewed")
        String acquired;
        @Option(names = "--mitigation", description = "factor 4: the extent to which the risk has been mitigated")
        String mitigation;
        @Option(names = "--exception", description = "an exception of 164.402(1): ${COMPLETION-CANDIDATES}")
        BreachAssessments.Exception exception;
        @Option(names = "--affected", description = "patients affected (at least those found in the linked audit records)")
        Integer affected;
        @Option(names = "--residents", split = ",", paramLabel = "STATE=N", description = "affected residents per State, e.g. NY=520,NJ=12")
        Map<String, Integer> residents;
        @Option(names = "--decide", description = "BREACH or NOT_A_BREACH (you are recorded as the approver)")
        BreachAssessments.Decision decision;
        @Option(names = "--justification", description = "why, for the decision")
        String justification;
        @Option(names = "--notified", description = "a notice was sent: ${COMPLETION-CANDIDATES}")
        BreachDeadlines.Recipient notified;
        @Option(names = "--method", defaultValue = "letter", description = "how the notice was sent (default ${DEFAULT-VALUE})")
        String method;
        @Option(names = "--sent-at", paramLabel = "TIME", description = "when the notice was sent (default now)")
        String sentAt;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                BreachAssessments breaches = ctx.getBean(BreachAssessments.class);
                ZoneId zone = ctx.getBean(HoliProperties.class).clinic().timeZone();
                if (nature != null || recipient != null || acquired != null || mitigation != null || exception != null || affected != null
                        || residents != null) {
                    breaches.assess(ref, new BreachAssessments.Factors(nature, recipient, acquired, mitigation, exception, affected,
                            residents == null ? null : new LinkedHashMap<>(residents)));
                }
                if (decision != null) {
                    breaches.decide(ref, decision, justification);
                }
                if (notified != null) {
                    breaches.notified(ref, notified, IncidentCommand.time("--sent-at", sentAt, zone), method, null);
                }
                BreachAssessments.Report r = breaches.report(ref);
                PrintWriter out = out();
                var a = r.assessment();
                out.println(r.incident().reference() + " breach assessment: " + a.decision() + (a.approver() == null ? "" : " (approved by "
                        + a.approver() + ")"));
                out.println("  affected patients: " + a.affectedPatients() + " (" + r.affectedFromAuditRecords() + " in linked audit records); by State: "
                        + a.residentsByState());
                out.println("  1 nature and extent: " + a.phiNature());
                out.println("  2 recipient: " + a.recipient());
                out.println("  3 acquired or viewed: " + a.acquiredOrViewed());
                out.println("  4 mitigation: " + a.mitigation());
                out.println("  exception: " + (a.exception() == null ? "none" : a.exception()));
                out.println("Deadlines (discovered " + Formats.utc(r.incident().discoveredAt()) + "):");
                for (BreachAssessments.DeadlineState d : r.deadlines()) {
                    out.println("  " + d.deadline().recipient() + " by " + d.deadline().due() + (d.deadline().annualLog() ? " (annual log to HHS)" : "")
                            + (d.deadline().states().isEmpty() ? "" : " " + d.deadline().states())
                            + d.sent().map(n -> "  sent " + Formats.utc(n.sentAt()) + " (" + n.method() + ")")
                            .orElse("  NOT SENT, " + (d.daysLeft() < 0 ? -d.daysLeft() + " days overdue" : d.daysLeft() + " days left")));
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
