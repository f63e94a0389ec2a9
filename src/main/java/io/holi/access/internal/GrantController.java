package io.holi.access.internal;

import io.holi.access.AccessGrants;
import io.holi.access.Grant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@RestController
@Tag(name = "Access")
class GrantController {

    record NewGrant(@NotNull(message = "is required") UUID userId,
                    @NotBlank(message = "is required") @Size(max = 500, message = "must be at most 500 characters") String reason,
                    Instant expiresAt) {
    }

    record BreakGlass(@NotNull(message = "is required") @Size(max = 500, message = "must be at most 500 characters") String reason) {
    }

    record Review(@NotBlank(message = "is required") @Size(max = 1000, message = "must be at most 1000 characters") String note) {
    }

    record Items(List<Grant> items) {
    }

    private final AccessGrants grants;

    GrantController(AccessGrants grants) {
        this.grants = grants;
    }

    @PostMapping("/api/patients/{id}/grants")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Grant a user access to a patient (ADMIN), optionally until expiresAt.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Grant> grant(@PathVariable UUID id, @Valid @RequestBody NewGrant body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(grants.grant(id, body.userId(), body.reason().strip(), Optional.ofNullable(body.expiresAt())));
    }

    @GetMapping("/api/patients/{id}/grants")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Every grant for a patient, active or not (ADMIN).")
    Items list(@PathVariable UUID id) {
        return new Items(grants.list(id));
    }

    @DeleteMapping("/api/patients/{id}/grants/{userId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Revoke a user's access to a patient (ADMIN).")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable UUID userId) {
        grants.revoke(id, userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/patients/{id}/break-glass")
    @PreAuthorize("hasAnyRole('CLINICIAN', 'ADMIN')")
    @Operation(summary = "Emergency access for one hour (CLINICIAN, ADMIN); the reason (a sentence of 3+ words) is audited and reviewed by someone else.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Grant> breakGlass(@PathVariable UUID id, @Valid @RequestBody BreakGlass body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(grants.breakGlass(id, body.reason()));
    }

    @GetMapping("/api/break-glass")
    @PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
    @Operation(summary = "Break-glass uses to review (ADMIN, AUDITOR); default: the last 30 days.")
    Items uses(@RequestParam Optional<Instant> from, @RequestParam Optional<Instant> to, @RequestParam Optional<Boolean> reviewed) {
        Instant end = to.orElse(Instant.now().plusSeconds(1));
        return new Items(grants.breakGlassUses(from.orElse(end.minus(30, ChronoUnit.DAYS)), end, reviewed));
    }

    @PostMapping("/api/break-glass/{grantId}/review")
    @PreAuthorize("hasAnyRole('ADMIN', 'AUDITOR')")
    @Operation(summary = "Record the review of a break-glass use (ADMIN, AUDITOR; never one's own).")
    Grant review(@PathVariable UUID grantId, @Valid @RequestBody Review body) {
        return grants.review(grantId, body.note().strip());
    }
}
