/**
 * What every module shares: configuration, the data directory, database URLs, OS processes, request metadata,
 * the caller and its role, the checks' vocabulary, and the one mapping of failures to problem answers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform", allowedDependencies = {})
package io.holi.platform;
