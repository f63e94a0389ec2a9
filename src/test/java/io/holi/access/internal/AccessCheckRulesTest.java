package io.holi.access.internal;

import io.holi.identity.UserAccount;
import io.holi.platform.Check;
import io.holi.platform.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The monthly access review (manual 10.1) as a rule. */
class AccessCheckRulesTest {

    private static UserAccount user(Role role, boolean active) {
        return new UserAccount(UUID.randomUUID(), role + "@x.test", "x", role, active, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void aDeactivatedUserHoldingAGrantWarnsAndActiveUsersAreCountedByRole() {
        Map<Role, Long> roles = AccessChecks.activeByRole(List.of(user(Role.CLINICIAN, true), user(Role.CLINICIAN, true),
                user(Role.ADMIN, true), user(Role.STAFF, false)));
        assertThat(roles).containsExactly(Map.entry(Role.ADMIN, 1L), Map.entry(Role.CLINICIAN, 2L));
        assertThat(AccessChecks.judge(roles, 0, 3).status()).isEqualTo(Check.Status.OK);
        Check stale = AccessChecks.judge(roles, 1, 0);
        assertThat(stale.status()).isEqualTo(Check.Status.WARNING);
        assertThat(stale.value()).contains("deactivated users holding grants: 1");
    }
}
