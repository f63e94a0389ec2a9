package io.holi.incidents.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.incidents.AlertIntake;
import io.holi.incidents.IncidentProperties;
import io.holi.platform.ProblemWriter;
import io.holi.platform.RequestMetadata;
import io.holi.platform.RequestPaths;
import io.holi.ratelimit.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Alertmanager's webhook receiver: authenticated by the shared token, not by a user. */
@RestController
@Tag(name = "Incidents")
class AlertmanagerController {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerController.class);

    private final AlertIntake intake;
    private final IncidentProperties properties;
    private final AuditTrail audit;
    private final RateLimiter limiter;

    AlertmanagerController(AlertIntake intake, IncidentProperties properties, AuditTrail audit, RateLimiter limiter) {
        this.intake = intake;
        this.properties = properties;
        this.audit = audit;
        this.limiter = limiter;
    }

    @PostMapping(path = RequestPaths.ALERTMANAGER_WEBHOOK, consumes = "application/json")
    @Operation(summary = "Alertmanager's webhook (Authorization: Bearer HOLI_ALERTMANAGER_TOKEN): each firing critical alert opens one "
            + "incident, deduplicated by fingerprint; 200 with the incidents opened and annotated, 401 without the token.")
    ResponseEntity<?> receive(@RequestHeader(name = "Authorization", required = false) String authorization,
                              @RequestBody JsonNode payload) {
        String token = properties.alertmanagerToken();
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (token == null || token.isBlank() || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            String ip = String.valueOf(RequestMetadata.current().clientIp());
            if (limiter.anonymousRecord(ip) == RateLimiter.AnonymousRecord.REFUSE) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "60")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ProblemWriter.problem(HttpStatus.TOO_MANY_REQUESTS, "Too many unauthenticated requests from this address"));
            }
            audit.record(AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS).denied("wrong or missing Alertmanager token")
                    .detail("path", RequestPaths.ALERTMANAGER_WEBHOOK).build());
            log.warn("Alertmanager webhook refused: {}", token == null || token.isBlank() ? "HOLI_ALERTMANAGER_TOKEN is not set" : "wrong or missing token");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemWriter.problem(HttpStatus.UNAUTHORIZED, token == null || token.isBlank()
                            ? "The Alertmanager webhook is off: set HOLI_ALERTMANAGER_TOKEN and give Alertmanager the same token"
                            : "The webhook needs 'Authorization: Bearer <HOLI_ALERTMANAGER_TOKEN>'"));
        }
        AlertIntake.Outcome o = intake.receive(payload);
        log.info("Alertmanager webhook: {} incident(s) opened {}, {} annotated, {} alert(s) ignored (not {})", o.opened().size(), o.opened(),
                o.annotated().size(), o.ignored(), properties.alertSeverities());
        return ResponseEntity.ok(Map.of("opened", o.opened(), "annotated", o.annotated(), "ignored", o.ignored()));
    }
}
