package io.holi.access.internal;

import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import io.holi.platform.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** The checklists' questions about who may reach PHI (manual 5.1, 10.1), asked of the grants. */
@Configuration(proxyBeanMethods = false)
class AccessChecks {

    static final Duration EXPIRING_WITHIN = Duration.ofDays(7);

    @Bean
    OperationalCheck breakGlassToReview(GrantRepository grants) {
        return OperationalCheck.of("Break-glass uses to review", Cadence.WEEKLY, 70, () -> {
            long n = grants.unreviewedBreakGlass();
            return List.of(Check.of("Break-glass uses to review", n == 0, Check.Status.WARNING, String.valueOf(n), "0",
                    "an auditor reviews each: GET /api/break-glass?reviewed=false, POST /api/break-glass/{id}/review"));
        });
    }

    @Bean
    OperationalCheck accessReview(GrantRepository grants, UserService users) {
        return OperationalCheck.of("Access review", Cadence.MONTHLY, 50, () -> {
            List<UserAccount> all = users.list();
            List<UUID> deactivated = all.stream().filter(u -> !u.active()).map(UserAccount::id).toList();
            return List.of(judge(activeByRole(all), grants.holdingActiveGrants(deactivated), grants.expiringWithin(EXPIRING_WITHIN)));
        });
    }

    static Map<Role, Long> activeByRole(List<UserAccount> users) {
        return users.stream().filter(UserAccount::active)
                .collect(Collectors.groupingBy(UserAccount::role, TreeMap::new, Collectors.counting()));
    }

    static Check judge(Map<Role, Long> activeByRole, long deactivatedHoldingGrants, long expiringSoon) {
        return Check.of("Access review", deactivatedHoldingGrants == 0, Check.Status.WARNING, "active users " + activeByRole
                        + "; deactivated users holding grants: " + deactivatedHoldingGrants + "; grants expiring within "
                        + EXPIRING_WITHIN.toDays() + " days: " + expiringSoon, "no deactivated user holds a grant",
                "revoke them: DELETE /api/patients/{id}/grants/{userId}");
    }
}
