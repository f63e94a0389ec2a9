/**
 * The database's upkeep: the manual's database SQL as reports and actions ({@code holi db …}), and the
 * checklists' questions about the database (latency, connections, replication, pgAudit, capacity).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Maintenance", allowedDependencies = {"audit", "database", "health", "platform"})
package io.holi.maintenance;
