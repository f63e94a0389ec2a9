package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.access.AccessGrants;
import io.holi.audit.OperationRecords;
import io.holi.audit.RunOutcome;
import io.holi.identity.NewUser;
import io.holi.identity.SecondFactor;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import io.holi.platform.Maintenance;
import io.holi.platform.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The administrator's pages: users and their roles, passwords and second factors; a patient's grants; maintenance mode. */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminPages {

    private final UserService users;
    private final SecondFactor factor;
    private final AccessGrants grants;
    private final Maintenance maintenance;
    private final Forms forms;
    private final OperationRecords operations;

    AdminPages(UserService users, SecondFactor factor, AccessGrants grants, Maintenance maintenance, Forms forms,
               OperationRecords operations) {
        this.operations = operations;
        this.users = users;
        this.factor = factor;
        this.grants = grants;
        this.maintenance = maintenance;
        this.forms = forms;
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        List<UserAccount> all = users.list();
        model.addAttribute("users", all);
        model.addAttribute("roles", Role.values());
        model.addAttribute("enrolled", all.stream().collect(Collectors.toMap(UserAccount::id, u -> factor.enrolled(u.id()))));
        return "web/admin-users";
    }

    @PostMapping("/admin/users")
    String create(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "") String password, Model model) {
        Role r = null;
        try {
            r = Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            // reported by the validation below as "is required"
        }
        NewUser user = new NewUser(email.strip(), name.strip(), r, password);
        List<PageErrors.Item> errors = forms.check(user);
        if (errors.isEmpty()) {
            try {
                users.create(user);
                return "redirect:/admin/users?created";
            } catch (HoliException e) {
                errors = Forms.of(e);
            }
        }
        model.addAttribute("errors", errors);
        model.addAttribute("typedEmail", email);
        model.addAttribute("typedName", name);
        return users(model);
    }

    @PostMapping("/admin/users/{id}/role")
    String role(@PathVariable UUID id, @RequestParam Role role) {
        users.changeRole(id, role);
        return "redirect:/admin/users?changed";
    }

    @PostMapping("/admin/users/{id}/deactivate")
    String deactivate(@PathVariable UUID id) {
        users.deactivate(id);
        return "redirect:/admin/users?deactivated";
    }

    @PostMapping("/admin/users/{id}/password")
    String password(@PathVariable UUID id, @RequestParam(defaultValue = "") String password) {
        users.resetPassword(id, password);
        return "redirect:/admin/users?password";
    }

    @PostMapping("/admin/users/{id}/mfa-reset")
    String resetSecondFactor(@PathVariable UUID id) {
        factor.reset(id);
        return "redirect:/admin/users?mfa";
    }

    @GetMapping("/admin/grants")
    String grants(@RequestParam(defaultValue = "") String patient, Model model) {
        model.addAttribute("patient", patient);
        model.addAttribute("users", users.list().stream().filter(UserAccount::active).filter(u -> u.role() != Role.AUDITOR).toList());
        Map<UUID, String> emails = users.list().stream().collect(Collectors.toMap(UserAccount::id, UserAccount::email));
        model.addAttribute("emails", emails);
        if (!patient.isBlank()) {
            try {
                UUID id = UUID.fromString(patient.strip());
                model.addAttribute("grants", grants.list(id));
                model.addAttribute("patientId", id);
            } catch (IllegalArgumentException e) {
                model.addAttribute("errors", List.of(new PageErrors.Item("patient", "Patient id must be a patient's id (a UUID)")));
            }
        }
        return "web/admin-grants";
    }

    @PostMapping("/admin/grants")
    String grant(@RequestParam UUID patientId, @RequestParam(defaultValue = "") String userId, @RequestParam(defaultValue = "") String reason,
                 @RequestParam(defaultValue = "") String expires, Model model) {
        try {
            UUID user;
            try {
                user = UUID.fromString(userId);
            } catch (IllegalArgumentException e) {
                throw HoliException.invalid("userId", "is required: choose who gets access");
            }
            Optional<Instant> until = Optional.empty();
            if (!expires.isBlank()) {
                try {
                    until = Optional.of(LocalDate.parse(expires).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
                } catch (java.time.format.DateTimeParseException e) {
                    throw HoliException.invalid("expires", "must be a date (YYYY-MM-DD)");
                }
            }
            grants.grant(patientId, user, reason.isBlank() ? null : reason.strip(), until);
            return "redirect:/admin/grants?patient=" + patientId;
        } catch (HoliException e) {
            if (e.kind() != HoliException.Kind.INVALID) {
                throw e;
            }
            model.addAttribute("errors", Forms.of(e));
            return grants(patientId.toString(), model);
        }
    }

    @PostMapping("/admin/grants/revoke")
    String revoke(@RequestParam UUID patientId, @RequestParam UUID userId) {
        grants.revoke(patientId, userId);
        return "redirect:/admin/grants?patient=" + patientId;
    }

    @GetMapping("/admin/maintenance")
    String maintenance(Model model) {
        model.addAttribute("state", maintenance.current());
        return "web/admin-maintenance";
    }

    @PostMapping("/admin/maintenance")
    String setMaintenance(@RequestParam boolean on, @RequestParam(defaultValue = "") String reason, Model model) {
        if (on) {
            if (reason.isBlank()) {
                model.addAttribute("errors", List.of(new PageErrors.Item("reason", "Reason is required: everyone sees that holi is in maintenance")));
                return maintenance(model);
            }
            Instant at = Instant.now();
            maintenance.enter(reason.strip(), Caller.require().email());
            operations.record("maintenance.on", reason.strip(), at, RunOutcome.SUCCESS, Map.of());
        } else {
            Instant at = Instant.now();
            maintenance.leave();
            operations.record("maintenance.off", null, at, RunOutcome.SUCCESS, Map.of());
        }
        return "redirect:/admin/maintenance";
    }
}
