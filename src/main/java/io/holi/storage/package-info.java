/**
 * The object store for backups and archives: a directory, or S3 with server-side encryption.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage", allowedDependencies = {"database", "platform"})
package io.holi.storage;
