package io.holi.health.internal;

import io.holi.health.DatabaseProbe;
import io.holi.ratelimit.RateLimiter;
import io.holi.ratelimit.RedisStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
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
    private final RateLimiter rateLimiter;
    private final ApplicationAvailability availability;

    HealthController(DatabaseProbe database, RateLimiter rateLimiter, ApplicationAvailability availability) {
        this.database = database;
        this.rateLimiter = rateLimiter;
        this.availability = availability;
    }

    @GetMapping("/api/health")
    @Operation(summary = "The manual's health check: 200 healthy, 200 degraded (Redis down: rate limiting fails open), "
            + "503 unhealthy (database down). Answers within 2 s.")
    ResponseEntity<Map<String, Object>> health() {
        DatabaseProbe.Result db = database.probe();
        RedisStatus redis = rateLimiter.redisStatus();
        String status = !db.connected() ? "unhealthy" : redis == RedisStatus.DISCONNECTED ? "degraded" : "healthy";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("database", db.connected() ? "connected" : "disconnected");
        body.put("redis", redis.label());
        return ResponseEntity.status(db.connected() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    @GetMapping("/api/health/live")
    @Operation(summary = "Liveness for load balancers and orchestrators: the process works.")
    ResponseEntity<Map<String, String>> live() {
        boolean ok = availability.getLivenessState() == LivenessState.CORRECT;
        return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", ok ? "live" : "broken"));
    }

    @GetMapping("/api/health/ready")
    @Operation(summary = "Readiness: 200 while this instance should get traffic; 503 when shutting down or without a database.")
    ResponseEntity<Map<String, String>> ready() {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "not_ready", "reason", "shutting down"));
        }
        if (!database.probe().connected()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "not_ready", "reason", "database unreachable"));
        }
        return ResponseEntity.ok(Map.of("status", "ready"));
    }
}
