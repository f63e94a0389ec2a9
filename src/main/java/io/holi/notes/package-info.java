/**
 * Clinical notes, encrypted and behind the PHI gate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notes", allowedDependencies = {"access", "audit", "crypto", "platform"})
package io.holi.notes;
