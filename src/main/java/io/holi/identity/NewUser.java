package io.holi.identity;

import io.holi.platform.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What it takes to create a user. The password is hashed at once and never stored or logged as given. */
public record NewUser(
        @NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 320, message = "must be at most 320 characters") String email,
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String name,
        @NotNull(message = "is required (ADMIN, CLINICIAN, STAFF or AUDITOR)") Role role,
        @NotNull(message = "is required") @Size(min = 12, max = 128, message = "must be 12 to 128 characters") String password) {

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", role=" + role + "]";
    }
}
