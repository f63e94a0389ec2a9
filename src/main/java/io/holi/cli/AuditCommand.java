package io.holi.cli;

import io.holi.audit.Anomalies;
import io.holi.audit.RunOutcome;
import io.holi.audit.AuditAnomalies;
import io.holi.audit.AuditChain;
import io.holi.audit.ChainReports;
import io.holi.audit.OperationRecords;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The audit trail: a tamper-evident hash chain (seal, verify), six-year archive in the object store "
                + "(archive, prune), anomaly detection and the weekly review.",
                "holi serve seals and archives every 5 minutes and looks for anomalies every hour by itself."},
        subcommands = {AuditCommand.AuditSeal.class, AuditCommand.AuditVerify.class, AuditCommand.AuditArchive.class,
                AuditCommand.AuditPrune.class, AuditCommand.AuditAnomaliesCmd.class, AuditCommand.AuditReview.class})
class AuditCommand extends CommandGroup {

    @Command(name = "seal", mixinStandardHelpOptions = true,
            description = "Close the audit rows written since the last seal into the hash chain; write the chain head to the object store.")
    static class AuditSeal extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                ChainReports.Sealed s = ctx.getBean(AuditChain.class).seal();
                out().printf("Sealed %d rows in %d batches; the chain is at batch %d (audit id %d).%n", s.rows(), s.batches(),
                        s.lastBatch(), s.lastId());
                s.skipped().ifPresent(why -> out().println("Not everything was sealed: " + why));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the whole chain from the rows (and from the archive where rows were pruned) and compare "
                    + "it with the seals and with the head kept in the object store. Any changed, deleted or inserted row is "
                    + "found; the first bad batch is named.", "Exit 4 when the trail has been tampered with."})
    static class AuditVerify extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                ChainReports.Verified v = ctx.getBean(AuditChain.class).verify();
                out().printf("Checked %d batches, %d rows%s.%n", v.batches(), v.rows(),
                        v.archiveVerifiedBatches() > 0 ? " (" + v.archiveVerifiedBatches() + " batches from the archive)" : "");
                out().printf("Chain head: %s.%n", v.head());
                if (v.unsealedRows() > 0) {
                    out().printf("%d newer rows are not sealed yet (holi serve seals every 5 minutes).%n", v.unsealedRows());
                }
                if (v.ok()) {
                    out().println("The audit trail is intact.");
                    return Cli.ExitCode.OK.code();
                }
                ChainReports.Break b = v.firstBreak().orElseThrow();
                out().printf("%nTAMPERING DETECTED in batch %d (audit ids %d to %d): %s.%n", b.batch(), b.afterId() + 1, b.lastId(), b.reason());
                out().println("Treat this as a security incident (docs/runbooks/HIPAA_AUDIT_LOG_FAILURE.md): do not repair it; "
                        + "the archived copy in the object store holds the original rows.");
                return Cli.ExitCode.FAILED.code();
            }
        }
    }

    @Command(name = "archive", mixinStandardHelpOptions = true,
            description = "Copy sealed batches to the object store as gzipped lines in their seal's format (v2: tab-separated; v1: JSON) with checksums (the 6-year archive). Idempotent; resumes after a crash.")
    static class AuditArchive extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                AuditChain chain = ctx.getBean(AuditChain.class);
                chain.seal();
                ChainReports.Archived a = chain.archive();
                out().printf("Archived %d batches (%d rows).%n", a.batches(), a.rows());
                a.objects().forEach(o -> out().println("  " + o));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Drop monthly partitions older than --older-than whose every row is sealed, archived and verified "
                    + "in the object store; refuse the others and say why.",
                    "This is the safe replacement for the manual's `DELETE` of old audit_logs rows (section 8.1.3), which would destroy HIPAA evidence."})
    static class AuditPrune extends Verb {
        @Option(names = "--older-than", required = true, paramLabel = "AGE", description = "e.g. 90d")
        String olderThan;

        @Option(names = "--dry-run", description = "say what would be dropped")
        boolean dryRun;

        @Override
        public Integer call() {
            var age = Formats.span("--older-than", olderThan);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                ChainReports.Pruned p = ctx.getBean(AuditChain.class).prune(age, dryRun);
                p.dropped().forEach(d -> out().printf("%s %s%n", dryRun ? "Would drop" : "Dropped", d));
                p.refused().forEach(r -> out().printf("Kept %s%n", r));
                if (p.dropped().isEmpty() && p.refused().isEmpty()) {
                    out().println("No partition is older than " + olderThan + ".");
                }
                return (p.refused().isEmpty() ? Cli.ExitCode.OK : Cli.ExitCode.WARNED).code();
            }
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true,
            description = {"The manual's anomaly checks (over 100 patient reads/exports by one user in a day, access without "
                    + "a grant, over 5 failed sign-ins from one IP in an hour) plus after-hours access (22:00-06:00 clinic "
                    + "time), exports and break-glass.", "Exit 3 when anything is found."})
    static class AuditAnomaliesCmd extends Verb {
        @Option(names = "--since", defaultValue = "24h", paramLabel = "AGE", description = "window, e.g. 24h, 7d (default ${DEFAULT-VALUE})")
        String since;

        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "default ${DEFAULT-VALUE}")
        Formats.Listing format;

        @Option(names = "--notify", description = "send the findings to the configured Slack/PagerDuty")
        boolean notify;

        @Override
        public Integer call() {
            var window = Formats.span("--since", since);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Instant until = Instant.now();
                Anomalies.Report r = ctx.getBean(AuditAnomalies.class).detectAndRecord(until.minus(window), until, since);
                if (format == Formats.Listing.JSON) {
                    out().println(ctx.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(r));
                } else {
                    print(out(), r);
                }
                if (notify && !r.clean()) {
                    ctx.getBean(io.holi.notify.Notifier.class).send(io.holi.notify.Notification.warning(
                            "Audit anomalies: " + r.findings().size() + " finding(s) in the last " + since,
                            describe(r)));
                }
                return (r.clean() ? Cli.ExitCode.OK : Cli.ExitCode.WARNED).code();
            }
        }

        static void print(PrintWriter out, Anomalies.Report r) {
            out.printf("Audit anomalies %s to %s (%d ms)%n%n", Formats.utc(r.since()), Formats.utc(r.until()), r.took().toMillis());
            if (r.clean()) {
                out.println("No anomalies detected.");
                return;
            }
            out.printf("%-14s %-32s %-38s %7s  %s%n", "CHECK", "WHO", "SUBJECT", "COUNT", "DETAIL");
            for (Anomalies.Finding f : r.findings()) {
                out.printf("%-14s %-32s %-38s %7d  %s%n", f.check(), f.who(), f.subject(), f.count(), f.detail());
            }
            out.printf("%n%d finding(s): review each (docs/runbooks/FAILED_AUTH.md, the weekly review).%n", r.findings().size());
        }
    }

    static String describe(Anomalies.Report r) {
        StringBuilder sb = new StringBuilder();
        r.findings().stream().limit(20).forEach(f -> sb.append(f.check()).append(": ").append(f.who()).append(" / ")
                .append(f.subject()).append(" x").append(f.count()).append(" (").append(f.detail()).append(")\n"));
        if (r.findings().size() > 20) {
            sb.append("… and ").append(r.findings().size() - 20).append(" more: holi audit anomalies\n");
        }
        return sb.toString();
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            description = "The manual's weekly audit log review (section 5.3.2), filled in with real numbers and findings, as Markdown.")
    static class AuditReview extends Verb {
        @Option(names = "--week", paramLabel = "YYYY-Www", description = "an ISO week, e.g. 2026-W47 (default: the last complete week)")
        String week;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                AuditAnomalies anomalies = ctx.getBean(AuditAnomalies.class);
                ZoneId zone = anomalies.zone();
                LocalDate monday = week == null
                        ? LocalDate.now(zone).with(TemporalAdjusters.previous(DayOfWeek.MONDAY)).minusWeeks(
                        LocalDate.now(zone).getDayOfWeek() == DayOfWeek.MONDAY ? 0 : 1)
                        : parseWeek(week);
                Instant from = monday.atStartOfDay(zone).toInstant();
                Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
                String label = monday.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                Map<String, Long> summary = anomalies.summary(from, to);
                Anomalies.Report r = anomalies.detect(from, to);
                List<String> admin = anomalies.adminActions(from, to);
                StringBuilder md = new StringBuilder();
                md.append("# Weekly Audit Log Review - ").append(label).append(" (").append(monday).append(" to ")
                        .append(monday.plusDays(6)).append(", ").append(zone).append(")\n\n## Summary\n");
                summary.forEach((k, v) -> md.append("- ").append(k).append(": ").append(String.format("%,d", v)).append('\n'));
                md.append("\n## Findings\n");
                if (r.clean()) {
                    md.append("✅ No anomalies detected\n");
                } else {
                    for (Anomalies.Check c : Anomalies.Check.values()) {
                        List<Anomalies.Finding> fs = r.findings().stream().filter(f -> f.check() == c).toList();
                        if (!fs.isEmpty()) {
                            md.append("### ").append(c).append(" (").append(fs.size()).append(")\n");
                            fs.forEach(f -> md.append("- ").append(f.who()).append(" — ").append(f.subject()).append(" — ")
                                    .append(f.count()).append(" — ").append(f.detail()).append('\n'));
                        }
                    }
                }
                md.append("\n## Admin privilege usage\n");
                if (admin.isEmpty()) {
                    md.append("None\n");
                } else {
                    admin.forEach(a -> md.append("- ").append(a).append('\n'));
                }
                md.append("\n## Action Items\n");
                if (r.clean()) {
                    md.append("None\n");
                } else {
                    r.counts().forEach((c, n) -> {
                        if (n > 0) {
                            md.append("- [ ] Review the ").append(n).append(" ").append(c).append(" finding(s) with the users' managers\n");
                        }
                    });
                }
                out().print(md);
                ctx.getBean(OperationRecords.class).record("audit.review", label, Instant.now(), r.clean() ? RunOutcome.SUCCESS : RunOutcome.WARNING,
                        Map.of("week", label, "summary", summary, "findings", r.findings().size(), "report", md.toString()));
            }
            return Cli.ExitCode.OK.code();
        }

        static LocalDate parseWeek(String w) {
            try {
                String[] p = w.split("-W");
                int year = Integer.parseInt(p[0]);
                int wk = Integer.parseInt(p[1]);
                return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, wk).with(DayOfWeek.MONDAY);
            } catch (RuntimeException e) {
                throw HoliException.invalid("--week", "'" + w + "' is not an ISO week: use e.g. 2026-W47");
            }
        }
    }
}
