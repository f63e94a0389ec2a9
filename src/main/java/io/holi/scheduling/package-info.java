/**
 * Appointments and clinicians' schedules, without disclosing patients a caller may not read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling", allowedDependencies = {"access", "audit", "crypto", "identity", "patients", "platform"})
package io.holi.scheduling;
