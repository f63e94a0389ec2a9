package io.holi.reminders.internal;

import io.holi.ops.VendorInventory;
import io.holi.platform.Check;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import io.holi.reminders.Channel;
import io.holi.reminders.ReminderProperties;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daily checklist's line about reminders: yesterday's (the clinic's yesterday) sent, failed and opted out, the
 * failure rate against the alert's 5 %, the outbox moving, and each configured vendor allowed to carry PHI.
 */
@Configuration(proxyBeanMethods = false)
class ReminderChecks {

    /** The failure rate above which the day warns (the alert's threshold). */
    static final double FAILURE_RATE = 0.05;
    /** A due reminder waiting longer than this means nobody drains the outbox. */
    static final long STUCK_SECONDS = 15 * 60;

    @Bean
    OperationalCheck remindersOfYesterday(ObjectProvider<ReminderRepository> repository, ObjectProvider<VendorInventory> vendors,
                                          ReminderProperties properties, HoliProperties holi) {
        return OperationalCheck.of("Appointment reminders", Cadence.DAILY, 130, () -> {
            ZoneId zone = holi.clinic().timeZone();
            LocalDate yesterday = LocalDate.now(zone).minusDays(1);
            Map<String, Long> o = repository.getObject().outcomes(yesterday.atStartOfDay(zone).toInstant(), yesterday.plusDays(1).atStartOfDay(zone).toInstant());
            return judge(yesterday, o, repository.getObject().oldestPendingSeconds(), vendorStates(vendors.getObject(), properties));
        });
    }

    static List<String> vendorStates(VendorInventory vendors, ReminderProperties p) {
        List<String> off = new ArrayList<>();
        for (Channel c : Channel.values()) {
            boolean configured = p.configured(c);
            VendorInventory.Baa baa = vendors.baa(c.vendor());
            if (configured && !baa.allowsPhi()) {
                off.add(baa.describe() + ": " + c.label() + " reminders are not sent");
            }
        }
        return off;
    }

    /** The verdicts, from the day's outcomes: a pure rule. */
    static List<Check> judge(LocalDate day, Map<String, Long> outcomes, double oldestPendingSeconds, List<String> disabledVendors) {
        long sent = outcomes.getOrDefault("sent", 0L) + outcomes.getOrDefault("delivered", 0L);
        long failed = outcomes.getOrDefault("failed", 0L);
        long optedOut = outcomes.getOrDefault("opted_out", 0L);
        long disabled = outcomes.getOrDefault("disabled", 0L);
        double rate = sent + failed == 0 ? 0 : (double) failed / (sent + failed);
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("Reminders " + day, rate <= FAILURE_RATE, Check.Status.WARNING,
                String.format(java.util.Locale.ROOT, "%d sent, %d failed (%.1f %%), %d opted out, %d not sent (vendor disabled)",
                        sent, failed, rate * 100, optedOut, disabled),
                "failures ≤ 5 %", "holi reminders status --failed; docs/runbooks/REMINDERS.md")
                .withFact("sent", sent).withFact("failed", failed).withFact("optedOut", optedOut));
        checks.add(Check.of("Reminders outbox moving", oldestPendingSeconds <= STUCK_SECONDS, Check.Status.FAILURE,
                String.format(java.util.Locale.ROOT, "oldest due reminder waiting %.0f s", oldestPendingSeconds), "≤ " + STUCK_SECONDS + " s",
                "is an instance serving? docs/runbooks/REMINDERS.md"));
        checks.add(Check.of("Reminder vendors allowed", disabledVendors.isEmpty(), Check.Status.WARNING,
                disabledVendors.isEmpty() ? "every configured vendor's BAA is signed" : String.join("; ", disabledVendors),
                "configured ⇒ BAA signed", "sign the BAA and record baa_signed in the vendor inventory, or unset the vendor's key"));
        return checks;
    }
}
