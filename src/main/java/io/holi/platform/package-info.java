/**
 * What every module shares: the database (embedded or external), request metadata, the caller, and the
 * one mapping of failures to problem answers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package io.holi.platform;
