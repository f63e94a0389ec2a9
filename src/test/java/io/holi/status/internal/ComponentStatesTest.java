package io.holi.status.internal;

import io.holi.platform.Check;
import io.holi.status.ComponentState;
import io.holi.status.StatusComponent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import static io.holi.status.ComponentState.DEGRADED_PERFORMANCE;
import static io.holi.status.ComponentState.MAJOR_OUTAGE;
import static io.holi.status.ComponentState.OPERATIONAL;
import static io.holi.status.ComponentState.PARTIAL_OUTAGE;
import static io.holi.status.ComponentState.UNDER_MAINTENANCE;
import static io.holi.status.StatusComponent.AI_SUMMARIES;
import static io.holi.status.StatusComponent.API;
import static io.holi.status.StatusComponent.AUDIT_TRAIL;
import static io.holi.status.StatusComponent.BACKUPS;
import static io.holi.status.StatusComponent.DATABASE;
import static io.holi.status.StatusComponent.WEB_APPLICATION;
import static org.assertj.core.api.Assertions.assertThat;

class ComponentStatesTest {

    private static final Duration SLOW = Duration.ofSeconds(1);

    private static Readings all(boolean db, long latencyMs, boolean redis, boolean maintenance, Check.Status backup, Check.Status sealed) {
        return new Readings(db, Duration.ofMillis(latencyMs), redis, maintenance, backup, sealed, Optional.empty());
    }

    @Test
    void everythingUpIsOperational() {
        assertThat(ComponentStates.derive(all(true, 3, true, false, Check.Status.OK, Check.Status.OK), SLOW).values())
                .containsOnly(OPERATIONAL).hasSize(StatusComponent.values().length - 1);
    }

    @Test
    void aiSummariesAreShownOnlyWhenConfiguredAndArePartlyOutWhenTheServiceDoesNotAnswer() {
        assertThat(ComponentStates.derive(all(true, 3, true, false, Check.Status.OK, Check.Status.OK), SLOW)).doesNotContainKey(AI_SUMMARIES);
        Readings unreachable = new Readings(true, Duration.ofMillis(3), true, false, Check.Status.OK, Check.Status.OK, Optional.of(false));
        assertThat(ComponentStates.derive(unreachable, SLOW)).containsEntry(AI_SUMMARIES, PARTIAL_OUTAGE).containsEntry(WEB_APPLICATION, OPERATIONAL);
        Readings reachable = new Readings(true, Duration.ofMillis(3), true, false, Check.Status.OK, Check.Status.OK, Optional.of(true));
        assertThat(ComponentStates.derive(reachable, SLOW)).containsEntry(AI_SUMMARIES, OPERATIONAL);
        Readings noDatabase = new Readings(false, Duration.ofMillis(1500), true, false, Check.Status.SKIPPED, Check.Status.SKIPPED, Optional.of(true));
        assertThat(ComponentStates.derive(noDatabase, SLOW)).containsEntry(AI_SUMMARIES, MAJOR_OUTAGE);
    }

    @Test
    void withoutTheDatabaseThePagesTheApiAndTheAuditTrailAreDownAndBackupsCannotRun() {
        Map<StatusComponent, ComponentState> s = ComponentStates.derive(all(false, 1500, true, false, Check.Status.SKIPPED,
                Check.Status.SKIPPED), SLOW);
        assertThat(s).containsEntry(WEB_APPLICATION, MAJOR_OUTAGE).containsEntry(API, MAJOR_OUTAGE).containsEntry(DATABASE, MAJOR_OUTAGE)
                .containsEntry(AUDIT_TRAIL, MAJOR_OUTAGE).containsEntry(BACKUPS, PARTIAL_OUTAGE);
    }

    @Test
    void redisDownDegradesOnlyTheApiWhoseLimitsFailOpen() {
        Map<StatusComponent, ComponentState> s = ComponentStates.derive(all(true, 3, false, false, Check.Status.OK, Check.Status.OK), SLOW);
        assertThat(s).containsEntry(API, DEGRADED_PERFORMANCE).containsEntry(WEB_APPLICATION, OPERATIONAL).containsEntry(DATABASE, OPERATIONAL);
    }

    @Test
    void aSlowDatabaseIsDegradedAndTheChecklistsVerdictsBecomeStates() {
        Map<StatusComponent, ComponentState> s = ComponentStates.derive(all(true, 1200, true, false, Check.Status.FAILURE,
                Check.Status.WARNING), SLOW);
        assertThat(s).containsEntry(DATABASE, DEGRADED_PERFORMANCE).containsEntry(BACKUPS, PARTIAL_OUTAGE)
                .containsEntry(AUDIT_TRAIL, DEGRADED_PERFORMANCE);
    }

    @Test
    void maintenanceModePutsThePagesAndTheApiUnderMaintenance() {
        Map<StatusComponent, ComponentState> s = ComponentStates.derive(all(true, 3, false, true, Check.Status.OK, Check.Status.OK), SLOW);
        assertThat(s).containsEntry(WEB_APPLICATION, UNDER_MAINTENANCE).containsEntry(API, UNDER_MAINTENANCE).containsEntry(DATABASE, OPERATIONAL);
    }

    @Test
    void aWindowPutsItsComponentsUnderMaintenanceUnlessGraverAndAnIncidentsImpactReplacesWhatTheProbeSaw() {
        Map<StatusComponent, ComponentState> probed = ComponentStates.derive(all(false, 1500, true, false, Check.Status.OK, Check.Status.OK), SLOW);
        Map<StatusComponent, ComponentState> s = ComponentStates.effective(
                ComponentStates.derive(all(true, 3, true, false, Check.Status.OK, Check.Status.OK), SLOW),
                EnumSet.of(DATABASE, BACKUPS), Map.of(WEB_APPLICATION, PARTIAL_OUTAGE));
        assertThat(s).containsEntry(DATABASE, UNDER_MAINTENANCE).containsEntry(BACKUPS, UNDER_MAINTENANCE)
                .containsEntry(WEB_APPLICATION, PARTIAL_OUTAGE).containsEntry(API, OPERATIONAL);
        assertThat(ComponentStates.effective(probed, EnumSet.of(DATABASE), Map.of())).containsEntry(DATABASE, MAJOR_OUTAGE);
    }

    @Test
    void thePageIndicatorIsStatuspagesForTheWorstComponent() {
        assertThat(ComponentStates.indicator(Map.of(API, OPERATIONAL))).containsExactly("none", "All Systems Operational");
        assertThat(ComponentStates.indicator(Map.of(API, DEGRADED_PERFORMANCE, DATABASE, UNDER_MAINTENANCE))[0]).isEqualTo("minor");
        assertThat(ComponentStates.indicator(Map.of(API, PARTIAL_OUTAGE))[0]).isEqualTo("major");
        assertThat(ComponentStates.indicator(Map.of(API, MAJOR_OUTAGE, DATABASE, PARTIAL_OUTAGE))[0]).isEqualTo("critical");
        assertThat(ComponentStates.indicator(Map.of(API, UNDER_MAINTENANCE))[0]).isEqualTo("maintenance");
    }
}
