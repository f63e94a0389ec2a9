/**
 * Health and readiness endpoints, Prometheus metrics, and the checks of uptime, traffic, alerts and TLS.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Health", allowedDependencies = {"audit", "database", "patients", "platform", "prescribing", "ratelimit", "scheduling"})
package io.holi.health;
