/**
 * A demo clinic with fictional patients and staff for trying holi out.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo", allowedDependencies = {"access", "database", "identity", "notes", "patients", "platform", "prescribing", "reminders", "scheduling"})
package io.holi.demo;
