package io.holi.incidents;

import io.holi.incidents.BreachDeadlines.Deadline;
import io.holi.incidents.BreachDeadlines.Recipient;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BreachDeadlinesTest {

    private static Deadline of(List<Deadline> all, Recipient r) {
        return all.stream().filter(d -> d.recipient() == r).findFirst().orElseThrow();
    }

    @Test
    void individualsAreToldWithin60CalendarDaysOfDiscovery() {
        List<Deadline> d = BreachDeadlines.of(LocalDate.of(2026, 3, 10), 3, Map.of());
        assertThat(of(d, Recipient.INDIVIDUALS).due()).isEqualTo(LocalDate.of(2026, 5, 9));
        assertThat(d).extracting(Deadline::recipient).doesNotContain(Recipient.MEDIA);
    }

    @Test
    void fewerThan500GoToHhsInTheAnnualLog60DaysAfterTheYearOfDiscoveryEnds() {
        Deadline hhs = of(BreachDeadlines.of(LocalDate.of(2026, 3, 10), 499, Map.of()), Recipient.HHS);
        assertThat(hhs.annualLog()).isTrue();
        assertThat(hhs.due()).isEqualTo(LocalDate.of(2027, 3, 1));
    }

    @Test
    void aDiscoveryNearYearEndStillBelongsToThatYearsLogWhileIndividualsAreDueInTheNextYear() {
        List<Deadline> d = BreachDeadlines.of(LocalDate.of(2027, 12, 30), 12, Map.of());
        assertThat(of(d, Recipient.INDIVIDUALS).due()).isEqualTo(LocalDate.of(2028, 2, 28));
        // 2028 is a leap year: 60 days after 31 December 2027 is 29 February
        assertThat(of(d, Recipient.HHS).due()).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(of(d, Recipient.HHS).annualLog()).isTrue();
    }

    @Test
    void fiveHundredOrMoreGoToHhsWithTheIndividualsAndMoreThan500ResidentsOfAStateToItsMedia() {
        List<Deadline> d = BreachDeadlines.of(LocalDate.of(2026, 6, 1), 1020, Map.of("NY", 520, "NJ", 500));
        assertThat(of(d, Recipient.HHS).annualLog()).isFalse();
        assertThat(of(d, Recipient.HHS).due()).isEqualTo(LocalDate.of(2026, 7, 31));
        assertThat(of(d, Recipient.MEDIA).states()).as("NJ has exactly 500: not more than 500").containsExactly("NY");
        assertThat(of(d, Recipient.MEDIA).due()).isEqualTo(LocalDate.of(2026, 7, 31));
        assertThat(of(BreachDeadlines.of(LocalDate.of(2026, 6, 1), 500, Map.of()), Recipient.HHS).annualLog()).isFalse();
    }

    @Test
    void remindersComeOn30_45And55DaysAfterDiscovery() {
        LocalDate discovered = LocalDate.of(2026, 1, 1);
        assertThat(BreachDeadlines.reminderDay(discovered, discovered.plusDays(29))).isEmpty();
        assertThat(BreachDeadlines.reminderDay(discovered, discovered.plusDays(30))).isEqualTo(Optional.of(30));
        assertThat(BreachDeadlines.reminderDay(discovered, discovered.plusDays(44))).isEqualTo(Optional.of(30));
        assertThat(BreachDeadlines.reminderDay(discovered, discovered.plusDays(45))).isEqualTo(Optional.of(45));
        assertThat(BreachDeadlines.reminderDay(discovered, discovered.plusDays(70))).isEqualTo(Optional.of(55));
        assertThat(BreachDeadlines.daysLeft(of(BreachDeadlines.of(discovered, 1, Map.of()), Recipient.INDIVIDUALS), discovered.plusDays(61)))
                .isEqualTo(-1);
    }
}
