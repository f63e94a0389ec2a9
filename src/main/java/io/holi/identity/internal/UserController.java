package io.holi.identity.internal;

import io.holi.identity.NewUser;
import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.HoliException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/users")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Identity")
class UserController {

    record UserView(String id, String email, String name, Role role, boolean active) {
        static UserView of(UserAccount a) {
            return new UserView(a.id().toString(), a.email(), a.name(), a.role(), a.active());
        }
    }

    record Users(List<UserView> items) {
    }

    record RoleChange(@NotNull(message = "is required (ADMIN, CLINICIAN, STAFF or AUDITOR)") Role role) {
    }

    record PasswordReset(@NotNull(message = "is required") @Size(max = 128, message = "must be at most 128 characters") String password) {
        @Override
        public String toString() {
            return "PasswordReset[redacted]";
        }
    }

    private final UserService users;
    private final io.holi.identity.SecondFactor factor;

    UserController(UserService users, io.holi.identity.SecondFactor factor) {
        this.users = users;
        this.factor = factor;
    }

    @PostMapping
    @Operation(summary = "Create a user (ADMIN). 409 when the email exists in any letter case.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<UserView> create(@Valid @RequestBody NewUser user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(users.create(user)));
    }

    @GetMapping
    @Operation(summary = "List users (ADMIN).")
    Users list() {
        return new Users(users.list().stream().map(UserView::of).toList());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Deactivate a user (ADMIN): sign-in and existing tokens stop working at once.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deactivate(@PathVariable UUID id) {
        users.deactivate(id);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a user's role (ADMIN), audited as ROLE_CHANGE.")
    UserView changeRole(@PathVariable UUID id, @Valid @RequestBody RoleChange change) {
        return UserView.of(users.changeRole(id, change.role()));
    }

    @PostMapping("/{id}/password")
    @Operation(summary = "Set a user's password (ADMIN; never one's own): every token the user holds stops working, a lockout ends.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> resetPassword(@PathVariable UUID id, @Valid @RequestBody PasswordReset body) {
        users.resetPassword(id, body.password());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/mfa/reset")
    @Operation(summary = "Remove a user's second factor (ADMIN; never one's own): their tokens and sessions end; they enrol "
            + "again at their next sign-in.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> resetSecondFactor(@PathVariable UUID id) {
        factor.reset(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One user (ADMIN).")
    UserView get(@PathVariable UUID id) {
        return users.find(id).map(UserView::of).orElseThrow(() -> HoliException.notFound("No user with id " + id));
    }
}
