/**
 * Point-in-time recovery with pgBackRest: WAL archiving, the RPO rule, restore to a moment.
 */
@org.springframework.modulith.ApplicationModule(displayName = "PITR", allowedDependencies = {"audit", "database", "platform"})
package io.holi.pitr;
