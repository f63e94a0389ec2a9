/**
 * Who may read which patient: grants, break-glass access, reviews, temporary database access, and the PHI gate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access", allowedDependencies = {"audit", "database", "identity", "platform"})
package io.holi.access;
