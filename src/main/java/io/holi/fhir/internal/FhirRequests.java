package io.holi.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.platform.TokenGrant;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.springframework.web.servlet.HandlerMapping;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every FHIR request passes here before its provider runs: the token's SMART scopes (and, for a backend client,
 * that it is still registered) decide whether the interaction may happen at all; the route is named for the audit
 * trail and its coverage check; failures leave as OperationOutcomes.
 */
@Interceptor
final class FhirRequests {

    /** Where Spring MVC keeps a request's route template; the audit trail and the request metrics read it there. */
    static final String ROUTE = HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE;
    private static final String PATIENT_CONTEXT = FhirRequests.class.getName() + ".patient";

    private final AuditTrail audit;
    private final BackendClients clients;
    FhirRequests(AuditTrail audit, BackendClients clients) {
        this.audit = audit;
        this.clients = clients;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void authorize(RequestDetails request, RestOperationTypeEnum operation) {
        String type = request.getResourceName();
        String route = route(request, operation);
        if (request instanceof ServletRequestDetails servlet) {
            servlet.getServletRequest().setAttribute(ROUTE, route);
        }
        if (operation == RestOperationTypeEnum.METADATA) {
            return;
        }
        TokenGrant grant = TokenGrant.current();
        if (grant.clientId().isPresent() && !clients.active(grant.clientId().get())) {
            audit.record(AuditEvent.of(AuditAction.UNAUTHORIZED_ACCESS).denied("the backend client was revoked")
                    .resource("FhirClient", grant.clientId().get()).build());
            throw new AuthenticationException("This client's registration was revoked; its tokens no longer work");
        }
        if (grant.scope().isEmpty() && grant.clientId().isEmpty()) {
            return; // a token without scopes: the role and the grants decide alone
        }
        SmartScopes scopes = SmartScopes.parse(grant.scope().orElse(""));
        Optional<SmartScopes.Permission> permission = permission(operation);
        if (type == null || permission.isEmpty()) {
            return; // server-level operations ($export status) check their own rights
        }
        Set<SmartScopes.Context> contexts = grant.clientId().isPresent() ? EnumSet.of(SmartScopes.Context.SYSTEM)
                : grant.patient().isPresent() ? EnumSet.of(SmartScopes.Context.USER, SmartScopes.Context.PATIENT)
                : EnumSet.of(SmartScopes.Context.USER);
        if (!scopes.allows(type, permission.get(), contexts)) {
            String reason = "the token's scopes do not allow " + describe(permission.get()) + " of " + type;
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied(reason).resource(type)
                    .detail("scope", grant.scope().orElse("")).build());
            throw new ForbiddenOperationException("Access denied: " + reason + " (granted: " + grant.scope().orElse("none") + ")");
        }
        if (grant.patient().isPresent() && scopes.onlyPatientContext(type, permission.get())) {
            request.getUserData().put(PATIENT_CONTEXT, grant.patient().get());
        }
    }

    /** When the token may see one patient only (patient/ scopes): 403, audited, for any other. */
    void requirePatientInContext(RequestDetails request, UUID patientId, String resource) {
        Object context = request.getUserData().get(PATIENT_CONTEXT);
        if (context != null && !context.equals(patientId)) {
            String reason = "the token's patient/ scopes are for another patient";
            audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied(reason).resource(resource).patient(patientId).build());
            throw new ForbiddenOperationException("Access denied: " + reason);
        }
    }

    static Optional<UUID> patientContext(RequestDetails request) {
        return Optional.ofNullable((UUID) request.getUserData().get(PATIENT_CONTEXT));
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException failure(Throwable thrown) {
        return FhirErrors.map(thrown);
    }

    /** The CapabilityStatement says how to authenticate: SMART's OAuth endpoints (and that /metadata is all that is open). */
    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void capabilities(IBaseConformance conformance, ServletRequestDetails request) {
        String tokenEndpoint = SmartConfiguration.tokenEndpoint(request.getServletRequest());
        CapabilityStatement cs = (CapabilityStatement) conformance;
        cs.setPublisher("holi");
        cs.setName("holi");
        // what HAPI lists by default but holi does not serve: _include/_revinclude, RDF (Turtle)
        cs.getFormat().removeIf(f -> !f.getValue().contains("json") && !f.getValue().contains("xml"));
        for (var rest : cs.getRest()) {
            for (var resource : rest.getResource()) {
                resource.getSearchInclude().clear();
                resource.getSearchRevInclude().clear();
            }
        }
        cs.getImplementation().setDescription("holi: every read of PHI passes the PHI gate and is recorded in a hash-chained audit trail");
        for (var rest : cs.getRest()) {
            var security = rest.getSecurity();
            security.setCors(false);
            security.addService(new CodeableConcept().addCoding(
                    new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
            // SMART 2.0 discovery is .well-known/smart-configuration; the older oauth-uris extension would require an
            // authorization endpoint, which holi does not have (no app launch)
            security.setDescription("Bearer tokens from /api/auth/login (staff, optionally narrowed by SMART scopes) or, for "
                    + "registered backend clients, from " + tokenEndpoint + " by client_credentials with a signed JWT "
                    + "assertion (RFC 7523). Discovery: .well-known/smart-configuration.");
        }
    }

    private static String describe(SmartScopes.Permission p) {
        return switch (p) {
            case C -> "create";
            case R -> "read";
            case U -> "update";
            case D -> "delete";
            case S -> "search";
        };
    }

    private static Optional<SmartScopes.Permission> permission(RestOperationTypeEnum operation) {
        return Optional.ofNullable(switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE -> SmartScopes.Permission.R;
            case SEARCH_TYPE, SEARCH_SYSTEM -> SmartScopes.Permission.S;
            case CREATE -> SmartScopes.Permission.C;
            case UPDATE, PATCH -> SmartScopes.Permission.U;
            case DELETE -> SmartScopes.Permission.D;
            default -> null;
        });
    }

    /** The route as a template, like Spring's for /api: {@code /fhir/Patient/{id}}, {@code /fhir/Group/{id}/$export}. */
    static String route(RequestDetails request, RestOperationTypeEnum operation) {
        StringBuilder b = new StringBuilder("/fhir");
        if (request.getResourceName() != null) {
            b.append('/').append(request.getResourceName());
        }
        if (request.getId() != null && request.getId().hasIdPart()) {
            b.append("/{id}");
            if (request.getId().hasVersionIdPart()) {
                b.append("/_history/{vid}");
            } else if (operation == RestOperationTypeEnum.HISTORY_INSTANCE) {
                b.append("/_history");
            }
        }
        if (request.getOperation() != null) {
            b.append('/').append(request.getOperation());
        }
        if (operation == RestOperationTypeEnum.METADATA) {
            b.append("/metadata");
        }
        return b.toString();
    }
}
