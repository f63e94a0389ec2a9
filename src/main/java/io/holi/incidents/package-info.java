/**
 * Incidents handled the way the manual (2.2 step 4, 6.1) and HIPAA's Security Incident Procedures and Breach
 * Notification Rule (45 CFR 164.308(a)(6), 164.400-414) require: a record with severity, status and commander; a
 * timeline made of audit records (sealed into the hash chain); public updates for the status page; a breach
 * assessment with the deadlines computed from the discovery date; action items; a blameless postmortem; and
 * incidents opened by firing alerts.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Incidents", allowedDependencies = {"audit", "notify", "platform", "ratelimit", "status"})
package io.holi.incidents;
