/**
 * The manual's daily, weekly, monthly and quarterly checklists: composes the modules' checks, renders the
 * reports, records the evidence and notifies.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Operations", allowedDependencies = {"access", "audit", "backup", "identity", "incidents", "notify", "platform"})
package io.holi.ops;
