/**
 * Patient records: registration, search, changes and removal, behind the PHI gate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Patients", allowedDependencies = {"access", "audit", "crypto", "platform"})
package io.holi.patients;
