package io.holi.ops.internal;

import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.ops.OpsReport;
import io.holi.platform.Check;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records a checklist run as evidence ({@code ops.daily}, …): the verdict, every check, the report as printed, and
 * the facts the checks asked to keep (the next runs compare against them).
 */
@Component
public class ChecklistEvidence {

    private final OperationRecords operations;

    ChecklistEvidence(OperationRecords operations) {
        this.operations = operations;
    }

    public void record(OpsReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("overall", report.overall().name());
        details.put("checks", report.checks());
        details.put("report", report.text());
        report.checks().forEach(c -> details.putAll(c.facts()));
        operations.record("ops." + report.kind(), null, report.at(), outcome(report.overall()), details);
    }

    static RunOutcome outcome(Check.Status overall) {
        return switch (overall) {
            case FAILURE -> RunOutcome.FAILED;
            case WARNING -> RunOutcome.WARNING;
            case OK, SKIPPED -> RunOutcome.SUCCESS;
        };
    }
}
