package io.holi.fhir.internal;

import io.holi.audit.AuditRecord;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.util.Date;
import java.util.Optional;

/** holi's audit records as FHIR AuditEvents (IHE Basic Audit Log Patterns). Plain functions. */
final class AuditEventMapping {

    private AuditEventMapping() {
    }

    /**
     * An audit record in the shape of IHE Basic Audit Log Patterns: the agent who asked (user, role, address), the
     * patient as an entity, what was done (restful interaction) and how it ended.
     */
    static AuditEvent auditEvent(AuditRecord a) {
        var r = new AuditEvent();
        r.setId(Long.toString(a.id()));
        r.setRecorded(Date.from(a.timestamp()));
        r.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode(dicomType(a.action()))
                .setDisplay(dicomDisplay(a.action()));
        interaction(a.action()).ifPresent(code -> r.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", code, code)));
        r.addSubtype(new Coding("urn:holi:audit-action", a.action(), a.action()));
        r.setAction(action(a.action()));
        r.setOutcome(switch (a.outcome()) {
            case "SUCCESS" -> AuditEvent.AuditEventOutcome._0;
            case "DENIED" -> AuditEvent.AuditEventOutcome._4;
            default -> AuditEvent.AuditEventOutcome._8;
        });
        Object reason = a.details().get("reason");
        if (reason != null) {
            r.setOutcomeDesc(reason.toString());
        }
        var agent = r.addAgent().setRequestor(true);
        agent.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/extra-security-role-type")
                .setCode("humanuser").setDisplay("human user");
        if (a.userId() != null) {
            agent.setWho(new Reference("Practitioner/" + a.userId()).setDisplay(a.userEmail()));
        } else {
            agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(FhirMapping.USER_SYSTEM).setValue(a.userEmail()))
                    .setDisplay(a.userEmail()));
        }
        if (a.role() != null) {
            agent.addRole().setText(a.role());
        }
        if (a.ipAddress() != null) {
            agent.getNetwork().setAddress(a.ipAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        r.getSource().setSite("holi").setObserver(new Reference().setDisplay("holi"))
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        if (a.patientId() != null) {
            r.addEntity().setWhat(FhirMapping.patientRef(a.patientId()))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        if (a.resource() != null) {
            var entity = r.addEntity()
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
            if (a.resourceId() != null) {
                entity.setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:holi:" + a.resource())
                        .setValue(a.resourceId().toString())).setDisplay(a.resource()));
            } else {
                entity.setWhat(new Reference().setDisplay(a.resource()));
            }
            if (a.requestId() != null) {
                entity.addDetail().setType("requestId").setValue(new StringType(a.requestId()));
            }
        }
        return r;
    }

    private static String dicomType(String action) {
        return switch (action) {
            case "LOGIN", "LOGIN_FAILED", "LOGOUT" -> "110114";
            case "EXPORT" -> "110106";
            case "READ", "SEARCH", "CREATE", "UPDATE", "DELETE", "PERMISSION_DENIED", "BREAK_GLASS" -> "110110";
            default -> "110100";
        };
    }

    private static String dicomDisplay(String action) {
        return switch (dicomType(action)) {
            case "110114" -> "User Authentication";
            case "110106" -> "Export";
            case "110110" -> "Patient Record";
            default -> "Application Activity";
        };
    }

    private static Optional<String> interaction(String action) {
        return Optional.ofNullable(switch (action) {
            case "READ" -> "read";
            case "SEARCH" -> "search-type";
            case "CREATE" -> "create";
            case "UPDATE" -> "update";
            case "DELETE" -> "delete";
            default -> null;
        });
    }

    private static AuditEvent.AuditEventAction action(String action) {
        return switch (action) {
            case "CREATE", "GRANT_CREATED", "BREAK_GLASS", "CREATE_USER" -> AuditEvent.AuditEventAction.C;
            case "UPDATE", "ROLE_CHANGE", "PASSWORD_CHANGE", "PASSWORD_RESET" -> AuditEvent.AuditEventAction.U;
            case "DELETE", "DELETE_USER", "GRANT_REVOKED" -> AuditEvent.AuditEventAction.D;
            case "READ", "SEARCH", "EXPORT" -> AuditEvent.AuditEventAction.R;
            default -> AuditEvent.AuditEventAction.E;
        };
    }
}
