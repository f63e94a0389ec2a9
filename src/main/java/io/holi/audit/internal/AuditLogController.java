package io.holi.audit.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditOutcome;
import io.holi.audit.AuditPage;
import io.holi.audit.AuditQuery;
import io.holi.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@RestController
@RequestMapping("/api/audit-logs")
@Tag(name = "Audit trail")
class AuditLogController {

    private final AuditTrail trail;

    AuditLogController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    @Operation(summary = "Read the audit trail, newest first (AUDITOR, ADMIN). Reading it is audited too.")
    AuditPage list(@RequestParam Optional<UUID> userId, @RequestParam Optional<UUID> patientId,
                   @RequestParam Optional<AuditAction> action, @RequestParam Optional<AuditOutcome> outcome,
                   @RequestParam Optional<Instant> from,
                   @RequestParam Optional<Instant> to,
                   @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        AuditPage result = trail.search(new AuditQuery(userId, patientId, action, outcome, from, to, page, size));
        trail.record(AuditEvent.of(AuditAction.READ).resource("AuditLog")
                .detail("userId", userId.map(UUID::toString).orElse(null))
                .detail("patientId", patientId.map(UUID::toString).orElse(null))
                .detail("action", action.map(Enum::name).orElse(null))
                .detail("outcome", outcome.map(Enum::name).orElse(null))
                .detail("from", from.map(Instant::toString).orElse(null))
                .detail("to", to.map(Instant::toString).orElse(null))
                .detail("page", page).detail("returned", result.items().size())
                .patient(patientId.orElse(null))
                .build());
        return result;
    }
}
