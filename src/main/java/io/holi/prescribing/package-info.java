/**
 * Prescriptions, encrypted and behind the PHI gate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Prescribing", allowedDependencies = {"access", "audit", "crypto", "platform"})
package io.holi.prescribing;
