/**
 * The staff web application: server-rendered pages (Thymeleaf, htmx for partial updates) for each role's day. Only
 * controllers and templates: every page that shows or changes PHI calls the same module services as the API, so the
 * PHI gate decides and the audit trail records exactly as for the API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web", allowedDependencies = {"access", "audit", "chart",
        "identity", "incidents", "notes", "patients", "platform", "prescribing", "reminders", "scheduling", "status"})
package io.holi.web;
