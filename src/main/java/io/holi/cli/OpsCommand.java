package io.holi.cli;

import io.holi.platform.Check;
import io.holi.ops.Checklists;
import io.holi.ops.OpsReport;
import io.holi.platform.OperationalCheck;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "ops", mixinStandardHelpOptions = true,
        description = {"The manual's checklists (section 2) against the live system, with its report templates filled in.",
                "Exit codes: 0 all good, 3 warnings, 4 failures. Every run is recorded as evidence. holi serve runs them on "
                        + "schedule by itself (daily 09:00, weekly Monday 10:00, monthly first Monday 14:00)."},
        subcommands = {OpsCommand.OpsDaily.class, OpsCommand.OpsWeekly.class, OpsCommand.OpsMonthly.class, OpsCommand.OpsQuarterly.class})
class OpsCommand extends CommandGroup {

    /** All good, a check warned, a check failed. */
    static Cli.ExitCode exitCode(OpsReport report) {
        return switch (report.overall()) {
            case FAILURE -> Cli.ExitCode.FAILED;
            case WARNING -> Cli.ExitCode.WARNED;
            default -> Cli.ExitCode.OK;
        };
    }

    abstract static class Run extends Verb {
        @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "default ${DEFAULT-VALUE}")
        Formats.Report format;

        @Option(names = "--notify", description = "post the report to Slack (and PagerDuty when something failed)")
        boolean notify;

        int run(OperationalCheck.Cadence cadence) {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                Checklists ops = ctx.getBean(Checklists.class);
                OpsReport r = ops.run(cadence);
                if (format == Formats.Report.JSON) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("kind", r.kind());
                    out.put("at", r.at().toString());
                    out.put("overall", r.overall().name());
                    out.put("exitCode", exitCode(r).code());
                    out.put("checks", r.checks());
                    out().println(ctx.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(out));
                } else {
                    out().print(r.text());
                    out().println();
                    out().printf("%-2s %-38s %-60s %s%n", "", "CHECK", "VALUE", "THRESHOLD");
                    for (Check c : r.checks()) {
                        out().printf("%-2s %-38s %-60s %s%n", c.status().symbol(), c.name(), c.value(), c.threshold());
                    }
                }
                if (notify) {
                    List<String> failed = ops.notify(r);
                    failed.forEach(f -> err().println("Notification not delivered: " + f));
                }
                return exitCode(r).code();
            }
        }
    }

    @Command(name = "daily", mixinStandardHelpOptions = true,
            description = "The morning checklist (manual 2.1): health, uptime, failed sign-ins, database latency and connections, "
                    + "replication lag, security events, error rate and p95, firing alerts, pgAudit, last backup, audit sealing.")
    static class OpsDaily extends Run {
        @Override
        public Integer call() {
            return run(OperationalCheck.Cadence.DAILY);
        }
    }

    @Command(name = "weekly", mixinStandardHelpOptions = true,
            description = "The weekly checklist (manual 2.2): backups of the last 7 days present and verified, a test restore of "
                    + "yesterday's backup, retention, TLS certificates, the audit review, break-glass uses, the audit chain.")
    static class OpsWeekly extends Run {
        @Override
        public Integer call() {
            return run(OperationalCheck.Cadence.WEEKLY);
        }
    }

    @Command(name = "monthly", mixinStandardHelpOptions = true,
            description = "The monthly checklist (manual 2.3): disaster recovery test timed against the 1-hour RTO, "
                    + "point-in-time recovery, audit coverage, encryption, access review, capacity (database size and growth, peak "
                    + "connections, disk use as df shows it).")
    static class OpsMonthly extends Run {
        @Override
        public Integer call() {
            return run(OperationalCheck.Cadence.MONTHLY);
        }
    }

    @Command(name = "quarterly", mixinStandardHelpOptions = true,
            description = "The vendor review (manual 9) from deploy/compliance/vendors.yml (BAAs, review dates) and the "
                    + "quarterly items of manual 10.1 from deploy/compliance/quarterly.yml.")
    static class OpsQuarterly extends Run {
        @Override
        public Integer call() {
            return run(OperationalCheck.Cadence.QUARTERLY);
        }
    }
}
