/**
 * The public status page: every minute each instance probes the components clinic users depend on, the first to
 * probe a minute records it, the minutes roll up into daily uptime, and the page (HTML, CSS, Statuspage-shaped
 * {@code summary.json}, an Atom feed) is rendered into the object store so that it stays readable when every holi
 * instance is down. Scheduled maintenance windows start and end here. No PHI is ever on the page.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Status page", allowedDependencies = {"audit", "health", "notes",
        "platform", "ratelimit", "storage"})
package io.holi.status;
