package io.holi.cli;

import io.holi.incidents.Incident;
import io.holi.incidents.IncidentStatus;
import io.holi.incidents.IncidentType;
import io.holi.incidents.Incidents;
import io.holi.incidents.Severity;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Incident records (manual 2.2 step 4, 6.1; HIPAA 164.308(a)(6), 164.400-414): declare, update, resolve, "
                + "close, the breach assessment and its deadlines, the postmortem. Every change is an audit record.",
                "Severities: SEV1 all staff cannot work or PHI of many patients exposed; SEV2 a core function down, data lost or "
                        + "wrong, or any PHI may have reached someone not entitled; SEV3 degraded with a workaround; SEV4 no user impact."},
        subcommands = {IncidentCommand.Declare.class, IncidentCommand.Update.class, IncidentCommand.Resolve.class, IncidentCommand.Close.class,
                IncidentCommand.ListIncidents.class, IncidentRecordVerbs.Show.class, IncidentRecordVerbs.PostmortemVerb.class,
                IncidentRecordVerbs.Breach.class})
class IncidentCommand extends CommandGroup {

    static ComponentState impact(String name) {
        return ComponentState.byApiName(name).orElseThrow(() -> new HoliException(HoliException.Kind.INVALID, "--impact: one of "
                + Arrays.stream(ComponentState.values()).map(ComponentState::apiName).toList()));
    }

    static void print(PrintWriter out, Incident i) {
        out.println(i.reference() + "  " + i.severity() + "  " + i.status().label() + "  " + i.type().label() + "  " + i.title());
        out.println("  commander " + i.commander() + "; detected " + Formats.utc(i.detectedAt()) + "; discovered " + Formats.utc(i.discoveredAt())
                + (i.resolvedAt() == null ? "" : "; resolved " + Formats.utc(i.resolvedAt())));
    }

    @Command(name = "declare", mixinStandardHelpOptions = true, description = "Declare an incident: the record and its timeline start now.")
    static class Declare extends Verb {
        @Option(names = "--title", required = true, description = "what is happening, for the team (not shown publicly)")
        String title;
        @Option(names = "--type", required = true, description = "${COMPLETION-CANDIDATES}")
        IncidentType type;
        @Option(names = "--severity", required = true, description = "${COMPLETION-CANDIDATES} (see holi incident --help)")
        Severity severity;
        @Option(names = "--commander", required = true, description = "who leads the response (an email)")
        String commander;
        @Option(names = "--summary", defaultValue = "", description = "what is known so far")
        String summary;
        @Option(names = "--components", split = ",", defaultValue = "", paramLabel = "ID",
                description = "status page components affected: web-application, api, database, backups, audit-trail")
        List<String> components;
        @Option(names = "--impact", defaultValue = "partial_outage", description = "their state on the status page (default ${DEFAULT-VALUE})")
        String impact;
        @Option(names = "--occurred", paramLabel = "TIME", description = "when it began, if known")
        String occurred;
        @Option(names = "--detected", paramLabel = "TIME", description = "when it was noticed (default now)")
        String detected;
        @Option(names = "--discovered", paramLabel = "TIME", description = "for a breach: when it was known, or would have been (default: detected)")
        String discovered;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                ZoneId zone = ctx.getBean(HoliProperties.class).clinic().timeZone();
                Incident i = ctx.getBean(Incidents.class).declare(new Incidents.Declaration(title, type, severity, commander, summary,
                        StatusComponent.parseAll(components), impact(impact), time("--occurred", occurred, zone),
                        time("--detected", detected, zone), time("--discovered", discovered, zone)));
                out().println("Declared " + i.reference() + ". It is on the status page once a public update is posted: "
                        + "holi incident update " + i.reference() + " --public \"…\" --public-status investigating");
                print(out(), i);
            }
            return Cli.ExitCode.OK.code();
        }
    }

    static Instant time(String option, String text, ZoneId zone) {
        return text == null || text.isBlank() ? null : Formats.instant(option, text, zone);
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an incident, add to its timeline, post a public update.")
    static class Update extends Verb {
        @Parameters(paramLabel = "INCIDENT", description = "INC-12, 12 or its id")
        String ref;
        @Option(names = "--status", description = "move it forward: ${COMPLETION-CANDIDATES}")
        IncidentStatus status;
        @Option(names = "--note", description = "an entry for the timeline")
        String note;
        @Option(names = "--severity", description = "${COMPLETION-CANDIDATES}")
        Severity severity;
        @Option(names = "--commander", description = "hand the incident over")
        String commander;
        @Option(names = "--components", split = ",", paramLabel = "ID", description = "status page components affected")
        List<String> components;
        @Option(names = "--impact", defaultValue = "partial_outage", description = "their state on the status page")
        String impact;
        @Option(names = "--public", description = "text for the status page (no names, addresses or ids)")
        String publicText;
        @Option(names = "--public-status", defaultValue = "investigating", description = "investigating, identified, monitoring, resolved")
        String publicStatus;
        @Option(names = "--link-audit", paramLabel = "ID", description = "an audit record this is about (repeatable)")
        List<String> audits = List.of();
        @Option(names = "--link-alert", paramLabel = "FINGERPRINT", description = "an Alertmanager alert")
        List<String> alerts = List.of();
        @Option(names = "--link-break-glass", paramLabel = "GRANT", description = "a break-glass use (its grant id)")
        List<String> breakGlass = List.of();
        @Option(names = "--link-anomaly", paramLabel = "FINDING", description = "an anomaly finding (as holi audit anomalies names it)")
        List<String> anomalies = List.of();
        @Option(names = "--action", description = "an action item (with --owner and --due)")
        String action;
        @Option(names = "--owner", description = "who does the action item")
        String owner;
        @Option(names = "--due", paramLabel = "DATE", description = "when the action item is due (2026-12-20)")
        String due;
        @Option(names = "--action-done", paramLabel = "ID", description = "an action item that is done")
        UUID actionDone;
        @Option(names = "--root-cause", description = "postmortem: why it happened")
        String rootCause;
        @Option(names = "--detection", description = "postmortem: how it was noticed, and how it could have been sooner")
        String detection;
        @Option(names = "--went-well", description = "postmortem: what went well")
        String wentWell;
        @Option(names = "--went-badly", description = "postmortem: what went badly")
        String wentBadly;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Incidents incidents = ctx.getBean(Incidents.class);
                Incident i = incidents.find(ref);
                if (severity != null) {
                    incidents.severity(ref, severity);
                }
                if (commander != null) {
                    incidents.commander(ref, commander);
                }
                if (components != null) {
                    incidents.components(ref, StatusComponent.parseAll(components), impact(impact));
                }
                for (String a : audits) {
                    incidents.link(ref, Incidents.LinkKind.AUDIT_RECORD, a, "");
                }
                for (String a : alerts) {
                    incidents.link(ref, Incidents.LinkKind.ALERT, a, "");
                }
                for (String a : breakGlass) {
                    incidents.link(ref, Incidents.LinkKind.BREAK_GLASS, a, "");
                }
                for (String a : anomalies) {
                    incidents.link(ref, Incidents.LinkKind.ANOMALY, a, "");
                }
                if (action != null) {
                    if (owner == null || due == null) {
                        throw new HoliException(HoliException.Kind.INVALID, "--action needs --owner and --due");
                    }
                    incidents.addAction(ref, action, owner, date(due));
                }
                if (actionDone != null) {
                    incidents.completeAction(ref, actionDone);
                }
                if (rootCause != null || detection != null || wentWell != null || wentBadly != null) {
                    incidents.postmortem(ref, new Incident.Postmortem(rootCause, detection, wentWell, wentBadly));
                }
                if (note != null) {
                    incidents.note(ref, note);
                }
                if (publicText != null) {
                    incidents.publicUpdate(ref, publicStatus, publicText);
                }
                if (status != null) {
                    incidents.move(ref, status, null);
                }
                print(out(), incidents.find(i.id().toString()));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new HoliException(HoliException.Kind.INVALID, "--due: '" + text + "' is not a date; write 2026-12-20");
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve an incident (with a last public update, when it was public).")
    static class Resolve extends Verb {
        @Parameters(paramLabel = "INCIDENT")
        String ref;
        @Option(names = "--note", description = "why it is resolved, for the timeline")
        String note;
        @Option(names = "--public", description = "the resolved update for the status page")
        String publicText;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Incidents incidents = ctx.getBean(Incidents.class);
                if (publicText != null) {
                    incidents.publicUpdate(ref, "resolved", publicText);
                }
                Incident i = incidents.find(ref);
                if (i.status().open()) {
                    i = incidents.move(ref, IncidentStatus.RESOLVED, note);
                }
                print(out(), i);
                if (i.severity().needsPostmortem()) {
                    out().println("A " + i.severity() + " needs its postmortem before it closes: holi incident postmortem " + i.reference());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a resolved incident (a SEV1/SEV2 needs its postmortem written).")
    static class Close extends Verb {
        @Parameters(paramLabel = "INCIDENT")
        String ref;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                print(out(), ctx.getBean(Incidents.class).move(ref, IncidentStatus.CLOSED, null));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Incidents, newest first.")
    static class ListIncidents extends Verb {
        @Option(names = "--open", description = "only those not yet resolved")
        boolean open;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<Incident> all = ctx.getBean(Incidents.class).list(open);
                if (all.isEmpty()) {
                    out().println(open ? "No open incident." : "No incident has been declared.");
                }
                for (Incident i : all) {
                    out().printf("%-8s %-5s %-13s %-18s %s%n", i.reference(), i.severity(), i.status().label(), i.type().label(), i.title());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
