/**
 * A patient's chart: the record, notes, prescriptions and appointments in one audited read, and its export.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Chart", allowedDependencies = {"access", "audit", "notes", "patients", "platform", "prescribing", "scheduling"})
package io.holi.chart;
