/**
 * The holi command: serve, and every procedure of the manual as a verb.
 */
@org.springframework.modulith.ApplicationModule(displayName = "CLI", allowedDependencies = {"access", "audit", "backup", "crypto", "database", "demo", "fhir", "identity", "maintenance", "notify", "ops", "pitr", "incidents", "platform", "reminders", "status"})
package io.holi.cli;
