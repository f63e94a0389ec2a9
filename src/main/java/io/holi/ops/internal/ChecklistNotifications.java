package io.holi.ops.internal;

import io.holi.notify.Notification;
import io.holi.notify.Notifier;
import io.holi.ops.OpsReport;
import io.holi.platform.HoliProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Posts a checklist's report: every one to Slack, warnings and failures to PagerDuty too (the notifier routes). */
@Component
public class ChecklistNotifications {

    private final ObjectProvider<Notifier> notifier;
    private final ZoneId zone;

    ChecklistNotifications(ObjectProvider<Notifier> notifier, HoliProperties holi) {
        this.notifier = notifier;
        this.zone = holi.clinic().timeZone();
    }

    /** What could not be delivered, and why; never throws. */
    public List<String> send(OpsReport report) {
        Notifier n = notifier.getObject();
        if (!n.configured()) {
            return List.of("no notification destination configured (SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY)");
        }
        Notification.Severity severity = switch (report.overall()) {
            case FAILURE -> Notification.Severity.CRITICAL;
            case WARNING -> Notification.Severity.WARNING;
            case OK, SKIPPED -> Notification.Severity.INFO;
        };
        var deliveries = n.send(new Notification(severity, "holi " + report.kind() + " checks: " + report.overall(), report.text(),
                "holi-ops-" + report.kind() + "-" + LocalDate.ofInstant(report.at(), zone)));
        return deliveries.stream().filter(d -> !d.delivered()).map(d -> d.destination() + ": " + d.error() + " after " + d.attempts()
                + " attempts").toList();
    }
}
