/**
 * Per-caller and per-IP budgets (Bucket4j, shared through Redis when configured; fails open).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rate limits", allowedDependencies = {"platform"})
package io.holi.ratelimit;
