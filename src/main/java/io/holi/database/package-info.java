/**
 * The database holi talks to: the embedded PostgreSQL cluster it runs itself (initdb, settings, bootstrap,
 * lifecycle), an external DATABASE_URL, the connection pool, and rotation of the application's password.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database", allowedDependencies = {"platform"})
package io.holi.database;
