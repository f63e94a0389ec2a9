/**
 * Encryption of PHI at rest: data keys, envelope encryption, key rotation and the encryption check.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto", allowedDependencies = {"audit", "database", "platform"})
package io.holi.crypto;
