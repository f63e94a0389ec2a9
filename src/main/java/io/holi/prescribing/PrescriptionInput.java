package io.holi.prescribing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record PrescriptionInput(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String medication,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String dosage,
        @Size(max = 50, message = "must be at most 50 characters") String route,
        @Size(max = 100, message = "must be at most 100 characters") String frequency,
        @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        @Max(value = 10000, message = "must be at most 10000") Integer quantity,
        @Min(value = 0, message = "must not be negative") @Max(value = 12, message = "must be at most 12") Integer refills,
        @Size(max = 2000, message = "must be at most 2000 characters") String instructions) {

    @Override
    public String toString() {
        return "PrescriptionInput[redacted]";
    }
}
