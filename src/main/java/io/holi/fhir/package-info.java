/**
 * FHIR R4 over the clinical records (HAPI FHIR's plain server): the same PHI gate and audit trail as the JSON API,
 * narrowed by SMART scopes; SMART Backend Services clients; Bulk Data export.
 */
@org.springframework.modulith.ApplicationModule(displayName = "FHIR", allowedDependencies = {"access", "audit", "crypto", "identity",
        "notes", "patients", "platform", "prescribing", "scheduling", "storage"})
package io.holi.fhir;
