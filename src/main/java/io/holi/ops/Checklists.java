package io.holi.ops;

import io.holi.ops.internal.ChecklistEvidence;
import io.holi.ops.internal.ChecklistNotifications;
import io.holi.ops.internal.ReportTemplates;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The manual's checklists (section 2) as code. Each module contributes the checks of its own data; this runs those of
 * a cadence in the manual's order, renders the manual's report, records the run as evidence and, when asked,
 * notifies.
 */
@Service
public class Checklists {

    private final ObjectProvider<OperationalCheck> checks;
    private final ReportTemplates templates;
    private final ChecklistEvidence evidence;
    private final ChecklistNotifications notifications;

    Checklists(ObjectProvider<OperationalCheck> checks, ReportTemplates templates, ChecklistEvidence evidence,
               ChecklistNotifications notifications) {
        this.checks = checks;
        this.templates = templates;
        this.evidence = evidence;
        this.notifications = notifications;
    }

    public OpsReport run(Cadence cadence) {
        Instant at = Instant.now();
        List<Check> results = checks.stream().filter(c -> c.cadence() == cadence)
                .sorted(Comparator.comparingInt(OperationalCheck::order))
                .flatMap(c -> guarded(c).stream()).toList();
        OpsReport report = new OpsReport(cadence, at, results, templates.render(cadence, at, results));
        evidence.record(report);
        return report;
    }

    /** The checks of a cadence, by name, without running them (for a person who wants to know what runs when). */
    public List<String> names(Cadence cadence) {
        return checks.stream().filter(c -> c.cadence() == cadence).sorted(Comparator.comparingInt(OperationalCheck::order))
                .map(OperationalCheck::name).toList();
    }

    /** Posts the report; returns what could not be delivered (never throws). */
    public List<String> notify(OpsReport report) {
        return notifications.send(report);
    }

    /** A check that could not run is a failure that says why, never an exception that hides the others. */
    private static List<Check> guarded(OperationalCheck check) {
        try {
            return check.run();
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return List.of(Check.failure(check.name(), "could not run: " + m, "", "fix what stops the check, then run it again"));
        }
    }
}
