package io.holi.health.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

@RestController
@Tag(name = "Health")
class HealthController {

    private final DatabaseProbe database;

    HealthController(DatabaseProbe database) {
        this.database = database;
    }

    @GetMapping("/api/health")
    @Operation(summary = "The manual's health check: 200 healthy or degraded, 503 unhealthy. Answers within 2 s.")
    ResponseEntity<Map<String, Object>> health() {
        DatabaseProbe.Result db = database.probe();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db.connected() ? "healthy" : "unhealthy");
        body.put("database", db.connected() ? "connected" : "disconnected");
        body.put("redis", "not_configured");
        return ResponseEntity.status(db.connected() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
