/**
 * Encrypted logical backups: create, verify, prune by retention policy, restore in one transaction, restore
 * drills against the RTO.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Backup", allowedDependencies = {"audit", "database", "platform", "storage"})
package io.holi.backup;
