package io.holi.incidents.internal;

import io.holi.incidents.BreachAssessments;
import io.holi.incidents.Incident;
import io.holi.incidents.IncidentStatus;
import io.holi.incidents.IncidentType;
import io.holi.incidents.Incidents;
import io.holi.platform.Check;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checklists' questions about incidents: the weekly review of open incidents, overdue action items and breach
 * deadlines within 15 days (manual 2.2 step 4), and the month's count for the compliance review.
 */
@Configuration(proxyBeanMethods = false)
class IncidentChecks {

    /** A breach notice due within this many days is named in the weekly report. */
    static final int DEADLINE_WARNING_DAYS = 15;

    @Bean
    OperationalCheck incidentsOfTheWeek(ObjectProvider<Incidents> incidents, ObjectProvider<BreachAssessments> breaches, HoliProperties holi) {
        return OperationalCheck.of("Incidents", Cadence.WEEKLY, 90, () -> {
            LocalDate today = LocalDate.now(holi.clinic().timeZone());
            Incidents in = incidents.getObject();
            List<Incident> open = in.list(true);
            List<String> overdue = in.overdueActions(today).stream().map(a -> a.description() + " (" + a.owner() + ", due " + a.due() + ")").toList();
            List<String> deadlines = new ArrayList<>();
            boolean missed = false;
            for (Incident i : in.list(false)) {
                if (i.type() != IncidentType.SECURITY_PRIVACY || i.status() == IncidentStatus.CLOSED && i.closedAt() != null
                        && i.closedAt().isBefore(Instant.now().minus(Duration.ofDays(400)))) {
                    continue;
                }
                BreachAssessments.Report r = breaches.getObject().report(i.reference());
                if (!r.notifiable()) {
                    continue;
                }
                for (BreachAssessments.DeadlineState d : r.deadlines()) {
                    if (d.sent().isEmpty() && d.daysLeft() <= DEADLINE_WARNING_DAYS) {
                        deadlines.add(i.reference() + " " + d.deadline().recipient().name().toLowerCase(Locale.ROOT) + " by "
                                + d.deadline().due() + " (" + (d.daysLeft() < 0 ? -d.daysLeft() + " days OVERDUE" : d.daysLeft() + " days left") + ")");
                        missed |= d.daysLeft() < 0;
                    }
                }
            }
            return List.of(
                    Check.of("Open incidents", open.isEmpty(), Check.Status.WARNING, open.size() + (open.isEmpty() ? "" : ": "
                                    + String.join(", ", open.stream().map(i -> i.reference() + " " + i.severity() + " " + i.status().label()).toList())),
                            "0", "review each: holi incident list --open"),
                    Check.of("Overdue incident action items", overdue.isEmpty(), Check.Status.WARNING, overdue.size() + (overdue.isEmpty() ? ""
                            : ": " + String.join("; ", overdue)), "0", "finish them or move their due date with a reason"),
                    Check.of("Breach notices due within " + DEADLINE_WARNING_DAYS + " days", deadlines.isEmpty(),
                            missed ? Check.Status.FAILURE : Check.Status.WARNING, deadlines.isEmpty() ? "none" : String.join("; ", deadlines),
                            "none unsent", "send them and record it: holi incident breach notified"));
        });
    }

    @Bean
    OperationalCheck incidentsOfTheMonth(ObjectProvider<Incidents> incidents) {
        return OperationalCheck.of("Incidents this month", Cadence.MONTHLY, 60, () -> {
            List<Incident> month = incidents.getObject().since(Instant.now().minus(Duration.ofDays(31)));
            long security = month.stream().filter(i -> i.type() == IncidentType.SECURITY_PRIVACY).count();
            long missingPostmortems = month.stream().filter(i -> i.severity().needsPostmortem() && !i.postmortem().complete()
                    && !i.status().open()).count();
            return List.of(Check.of("Incidents this month", missingPostmortems == 0, Check.Status.WARNING, month.size() + " incidents ("
                            + security + " security/privacy), " + missingPostmortems + " resolved SEV1/SEV2 without a postmortem", "every SEV1/SEV2 has one",
                    "holi incident postmortem INC-n").withFact("incidents", month.size()).withFact("securityIncidents", security));
        });
    }
}
