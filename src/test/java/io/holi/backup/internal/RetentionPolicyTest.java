package io.holi.backup.internal;

import io.holi.backup.Manifest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention as a rule: which backups a prune deletes, without a store or a database. */
class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T03:30:00Z");
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static Manifest daysAgo(int days) {
        Instant at = NOW.minus(Duration.ofDays(days));
        return new Manifest(ID.format(at), "o", "f", "r", "s", 1, "p", 1, List.of(), "db", "15", "11", Map.of(), 0, List.of(),
                at, at, 1.0, Map.of(), "scheduled");
    }

    @Test
    void backupsOlderThanTheRetentionAreDeletedNewerOnesKept() {
        List<Manifest> all = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
            all.add(daysAgo(d));
        }
        RetentionPolicy.Decision decision = RetentionPolicy.decide(all, NOW, Duration.ofDays(90), 7);
        assertThat(decision.keep()).hasSize(91).first().isEqualTo(daysAgo(0).id());
        assertThat(decision.delete()).hasSize(9).contains(daysAgo(91).id(), daysAgo(99).id()).doesNotContain(daysAgo(90).id());
    }

    @Test
    void theNewestAreKeptWhateverTheirAgeWhenBackupsStopped() {
        List<Manifest> stale = List.of(daysAgo(300), daysAgo(200), daysAgo(150), daysAgo(120));
        RetentionPolicy.Decision decision = RetentionPolicy.decide(stale, NOW, Duration.ofDays(90), 2);
        assertThat(decision.keep()).containsExactly(daysAgo(120).id(), daysAgo(150).id());
        assertThat(decision.delete()).containsExactly(daysAgo(200).id(), daysAgo(300).id());
    }

    @Test
    void nothingIsDeletedWhenAllAreWithinTheRetention() {
        RetentionPolicy.Decision decision = RetentionPolicy.decide(List.of(daysAgo(1), daysAgo(2)), NOW, Duration.ofDays(90), 1);
        assertThat(decision.delete()).isEmpty();
    }
}
