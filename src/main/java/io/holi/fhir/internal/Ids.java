package io.holi.fhir.internal;

import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IIdType;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** holi's ids are UUIDs; FHIR's are strings. A malformed id names nothing here. */
final class Ids {

    private Ids() {
    }

    static UUID of(IIdType id) {
        try {
            return UUID.fromString(id.getIdPart());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ResourceNotFoundException(id);
        }
    }

    /** A reference search parameter ({@code patient=Patient/…} or a bare id) of the expected type. */
    static UUID of(ReferenceParam ref, String type, String parameter) {
        if (ref.getResourceType() != null && !ref.getResourceType().equals(type)) {
            throw new InvalidRequestException(parameter + ": must reference a " + type);
        }
        if (ref.getChain() != null) {
            throw new InvalidRequestException(parameter + ": chained searches are not supported");
        }
        try {
            return UUID.fromString(ref.getIdPart());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequestException(parameter + ": must be a " + type + " id (a UUID)");
        }
    }

    /** The codes of a token search parameter ({@code status=booked,checked-in}); empty: no filter. */
    static Set<String> codes(TokenOrListParam param) {
        return param == null ? Set.of()
                : param.getValuesAsQueryTokens().stream().map(TokenParam::getValue).collect(Collectors.toSet());
    }

    /** {@code Patient/<uuid>} in a resource's reference. */
    static UUID ofReference(String reference, String type, String field) {
        String prefix = type + "/";
        if (reference == null || !reference.startsWith(prefix)) {
            throw new InvalidRequestException(field + ": must reference a " + type + " (" + prefix + "<id>)");
        }
        try {
            return UUID.fromString(reference.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ": " + reference + " names no " + type);
        }
    }
}
