package io.holi.scheduling;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.UUID;

public record AppointmentInput(
        @NotNull(message = "is required (ISO 8601, e.g. 2026-12-01T09:00:00Z)") Instant startsAt,
        @NotNull(message = "is required") @Min(value = 5, message = "must be at least 5")
        @Max(value = 480, message = "must be at most 480") Integer durationMinutes,
        @NotNull(message = "is required") UUID clinicianId,
        @Size(max = 500, message = "must be at most 500 characters") String reason) {

    @Override
    public String toString() {
        return "AppointmentInput[redacted]";
    }
}
