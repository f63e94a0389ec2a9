package io.holi.incidents;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Breach Notification Rule's deadlines, counted in calendar days from the day of discovery (45 CFR 164.404(a)(2):
 * the first day the breach is known, or would have been with reasonable diligence):
 * <ul>
 *   <li>individuals: without unreasonable delay, at the latest 60 days after discovery (164.404(b));</li>
 *   <li>HHS: with the individuals' notice when 500 or more individuals are affected; for fewer, in the annual log,
 *       at the latest 60 days after the end of the calendar year of discovery (164.408(b), (c));</li>
 *   <li>prominent media of a State: when more than 500 residents of that State are affected, within 60 days (164.406).</li>
 * </ul>
 * Reminders go out 30, 45 and 55 days after discovery while a notice is still due.
 */
public final class BreachDeadlines {

    public static final int NOTICE_DAYS = 60;
    public static final int HHS_IMMEDIATE_THRESHOLD = 500;
    /** Media notice when a State has more than this many affected residents. */
    public static final int MEDIA_THRESHOLD = 500;
    public static final List<Integer> REMINDER_DAYS = List.of(30, 45, 55);

    public enum Recipient { INDIVIDUALS, HHS, MEDIA }

    /**
     * @param annualLog for HHS: whether the notice goes in the yearly log (fewer than 500) rather than now
     * @param states    for the media: the States whose residents must be told through the media
     */
    public record Deadline(Recipient recipient, LocalDate due, boolean annualLog, List<String> states) {
    }

    private BreachDeadlines() {
    }

    public static List<Deadline> of(LocalDate discovered, int affected, Map<String, Integer> residentsByState) {
        List<Deadline> out = new ArrayList<>();
        LocalDate sixtyDays = discovered.plusDays(NOTICE_DAYS);
        out.add(new Deadline(Recipient.INDIVIDUALS, sixtyDays, false, List.of()));
        if (affected >= HHS_IMMEDIATE_THRESHOLD) {
            out.add(new Deadline(Recipient.HHS, sixtyDays, false, List.of()));
        } else {
            out.add(new Deadline(Recipient.HHS, LocalDate.of(discovered.getYear(), 12, 31).plusDays(NOTICE_DAYS), true, List.of()));
        }
        List<String> states = residentsByState.entrySet().stream().filter(e -> e.getValue() > MEDIA_THRESHOLD).map(Map.Entry::getKey)
                .sorted().toList();
        if (!states.isEmpty()) {
            out.add(new Deadline(Recipient.MEDIA, sixtyDays, false, states));
        }
        return out;
    }

    /** The reminder due on {@code today} (30, 45 or 55 days after discovery), if any. */
    public static Optional<Integer> reminderDay(LocalDate discovered, LocalDate today) {
        long days = ChronoUnit.DAYS.between(discovered, today);
        return REMINDER_DAYS.stream().filter(d -> d <= days).reduce((a, b) -> b);
    }

    public static long daysLeft(Deadline d, LocalDate today) {
        return ChronoUnit.DAYS.between(today, d.due());
    }
}
