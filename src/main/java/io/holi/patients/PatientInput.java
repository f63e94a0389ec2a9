package io.holi.patients;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** Demographics as submitted. Names, birth date required; the rest optional. PHI: never logged. */
public record PatientInput(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must not contain control characters") String firstName,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "must not contain control characters") String lastName,
        @NotNull(message = "is required (YYYY-MM-DD)") @PastOrPresent(message = "must not be in the future") LocalDate dateOfBirth,
        Sex sex,
        @Email(message = "must be an email address") @Size(max = 254, message = "must be at most 254 characters") String email,
        @Pattern(regexp = "^\\+?[0-9 ().-]{5,30}$", message = "must be a phone number (digits, spaces, + ( ) . -)") String phone,
        @Size(max = 500, message = "must be at most 500 characters") String address,
        @Pattern(regexp = "^[A-Za-z0-9 ./-]{1,50}$", message = "must be 1 to 50 letters, digits, spaces or . / -") String nationalId) {

    @Override
    public String toString() {
        return "PatientInput[redacted]";
    }
}
