/**
 * Users, roles, passwords, login with lockout, and the tokens callers present.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity", allowedDependencies = {"audit", "crypto", "database", "platform", "ratelimit"})
package io.holi.identity;
