/**
 * Messages to people: Slack and PagerDuty notifications of checklists and operations, retried with backoff.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notify", allowedDependencies = {})
package io.holi.notify;
