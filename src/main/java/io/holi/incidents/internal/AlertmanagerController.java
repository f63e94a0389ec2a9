package io.holi.incidents.internal;

import io.holi.incidents.AlertIntake;
import io.holi.incidents.IncidentProperties;
import io.holi.platform.RequestPaths;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
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

    AlertmanagerController(AlertIntake intake, IncidentProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    @PostMapping(path = RequestPaths.ALERTMANAGER_WEBHOOK, consumes = "application/json")
    @Operation(summary = "Alertmanager's webhook (Authorization: Bearer HOLI_ALERTMANAGER_TOKEN): each firing critical alert opens one "
            + "incident, deduplicated by fingerprint; 200 with the incidents opened and annotated, 401 without the token.")
    ResponseEntity<Map<String, Object>> receive(@RequestHeader(name = "Authorization", required = false) String authorization,
                                                @RequestBody JsonNode payload) {
        String token = properties.alertmanagerToken();
        if (token == null || token.isBlank()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error",
                    "the Alertmanager webhook is off: set HOLI_ALERTMANAGER_TOKEN and give Alertmanager the same token"));
        }
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            log.warn("Alertmanager webhook refused: wrong or missing token");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "wrong or missing bearer token"));
        }
        AlertIntake.Outcome o = intake.receive(payload);
        return ResponseEntity.ok(Map.of("opened", o.opened(), "annotated", o.annotated(), "ignored", o.ignored()));
    }
}
