/**
 * The audit trail of every access to PHI: recording, the hash chain and its seals, archives, retention, coverage
 * and anomaly detection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit", allowedDependencies = {"platform", "storage"})
package io.holi.audit;
