package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditPage;
import io.holi.audit.AuditQuery;
import io.holi.audit.AuditTrail;
import io.holi.platform.Caller;
import io.holi.platform.Role;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit trail as AuditEvent (IHE Basic Audit Log Patterns), for auditors and administrators, newest first; reading
 * it is audited like GET /api/audit-logs.
 */
final class AuditEventProvider implements IResourceProvider {

    static final int MAX_COUNT = 500;

    private final AuditTrail trail;

    AuditEventProvider(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public Class<org.hl7.fhir.r4.model.AuditEvent> getResourceType() {
        return org.hl7.fhir.r4.model.AuditEvent.class;
    }

    @Search
    public List<org.hl7.fhir.r4.model.AuditEvent> search(
            @OptionalParam(name = org.hl7.fhir.r4.model.AuditEvent.SP_PATIENT) ReferenceParam patient,
            @OptionalParam(name = org.hl7.fhir.r4.model.AuditEvent.SP_AGENT) ReferenceParam agent,
            @OptionalParam(name = org.hl7.fhir.r4.model.AuditEvent.SP_DATE) DateRangeParam date,
            @Count Integer count) {
        Caller caller = Caller.require();
        if (caller.role() != Role.AUDITOR && caller.role() != Role.ADMIN) {
            trail.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied("the audit trail is for auditors and administrators")
                    .resource("AuditLog").build());
            throw new ForbiddenOperationException("Access denied: the audit trail is for auditors and administrators");
        }
        Optional<UUID> patientId = Optional.ofNullable(patient).map(p -> Ids.of(p, "Patient", "patient"));
        Optional<UUID> userId = Optional.ofNullable(agent).map(a -> Ids.of(a, "Practitioner", "agent"));
        Optional<Instant> from = Optional.ofNullable(date).map(DateRangeParam::getLowerBoundAsInstant).map(Date::toInstant);
        Optional<Instant> to = Optional.ofNullable(date).map(DateRangeParam::getUpperBoundAsInstant).map(Date::toInstant);
        int size = count == null ? 50 : Math.max(1, Math.min(MAX_COUNT, count));
        AuditPage page = trail.search(new AuditQuery(userId, patientId, Optional.empty(), Optional.empty(), from, to, 0, size));
        trail.record(AuditEvent.of(AuditAction.READ).resource("AuditLog")
                .detail("userId", userId.map(UUID::toString).orElse(null))
                .detail("patientId", patientId.map(UUID::toString).orElse(null))
                .detail("from", from.map(Instant::toString).orElse(null)).detail("to", to.map(Instant::toString).orElse(null))
                .detail("returned", page.items().size()).detail("via", "FHIR AuditEvent")
                .patient(patientId.orElse(null)).build());
        return page.items().stream().map(AuditEventMapping::auditEvent).toList();
    }
}
