package io.holi.ops.internal;

import io.holi.platform.Check;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The manual's report templates (section 2), filled in with a checklist's results. */
@Component
public class ReportTemplates {

    private final ZoneId zone;

    ReportTemplates(HoliProperties holi) {
        this.zone = holi.clinic().timeZone();
    }

    public String render(Cadence cadence, Instant at, List<Check> checks) {
        return switch (cadence) {
            case DAILY -> daily(at, checks);
            case WEEKLY -> simple("Weekly Operations Report", at, checks);
            case MONTHLY -> simple("Monthly Operations Report", at, checks);
            case QUARTERLY -> simple("Quarterly Compliance Review", at, checks);
        };
    }

    private static boolean isHealth(Check c) {
        return c.name().startsWith("Health") || c.name().equals("Database") || c.name().equals("Redis");
    }

    private String daily(Instant at, List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("📊 Daily Operations Report - ").append(LocalDate.ofInstant(at, zone)).append("\n\n");
        boolean healthy = checks.stream().filter(ReportTemplates::isHealth).allMatch(c -> c.status() == Check.Status.OK);
        sb.append(healthy ? "✅" : "❌").append(" System Health: ").append(healthy ? "All systems operational" : "see below").append('\n');
        checks.stream().filter(c -> c.name().equals("Firing alerts")).findFirst().ifPresent(c ->
                sb.append(c.status() == Check.Status.OK ? "✅" : c.status() == Check.Status.SKIPPED ? "➖" : "❌").append(" Alerts: ")
                        .append(c.value()).append('\n'));
        sb.append("✅ Key Metrics:\n");
        for (Check c : checks) {
            if (c.name().startsWith("Health") || c.name().equals("Firing alerts")) {
                continue;
            }
            sb.append("  - ").append(c.name()).append(": ").append(c.value()).append(' ').append(c.status().symbol());
            appendThreshold(sb, c);
            sb.append('\n');
        }
        boolean security = checks.stream().filter(c -> c.name().contains(", 24 h")).allMatch(c -> c.status() == Check.Status.OK);
        sb.append(security ? "✅" : "❌").append(" Security: ").append(security ? "No unusual activity" : "escalation thresholds crossed")
                .append("\n\n");
        appendActions(sb, checks);
        return sb.toString();
    }

    private String simple(String title, Instant at, List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("📋 ").append(title).append(" - ").append(LocalDate.ofInstant(at, zone)).append("\n\n");
        for (Check c : checks) {
            sb.append(c.status().symbol()).append(' ').append(c.name()).append(": ").append(c.value());
            appendThreshold(sb, c);
            sb.append('\n');
        }
        sb.append('\n');
        appendActions(sb, checks);
        return sb.toString();
    }

    private static void appendThreshold(StringBuilder sb, Check c) {
        if (!c.threshold().isEmpty() && c.status() != Check.Status.SKIPPED) {
            sb.append(" (").append(c.threshold()).append(')');
        }
    }

    private static void appendActions(StringBuilder sb, List<Check> checks) {
        List<Check> todo = checks.stream().filter(c -> c.status() == Check.Status.WARNING || c.status() == Check.Status.FAILURE).toList();
        sb.append("🔔 Action Items: ").append(todo.isEmpty() ? "None" : "").append('\n');
        todo.forEach(c -> sb.append("  - [").append(c.status()).append("] ").append(c.name()).append(": ").append(c.value())
                .append(c.advice().isEmpty() ? "" : " → " + c.advice()).append('\n'));
    }
}
