package io.holi.status.internal;

import io.holi.platform.Check;

import java.time.Duration;
import java.util.Optional;

/**
 * What one probe measured on this instance.
 *
 * @param lastBackup   the daily checklist's "Last backup" verdict (SKIPPED when it could not be asked)
 * @param auditSealed  the daily checklist's "Audit trail sealed" verdict
 * @param aiReachable  whether the AI service answered; empty when AI summaries are not configured
 */
record Readings(boolean databaseUp, Duration databaseLatency, boolean redisUp, boolean maintenanceMode,
                Check.Status lastBackup, Check.Status auditSealed, Optional<Boolean> aiReachable) {
}
