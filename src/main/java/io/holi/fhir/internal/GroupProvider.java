package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;

import java.util.Optional;

/** A Group is a clinician's panel (the patients they hold a grant for), addressed by the clinician's id: for $export. */
final class GroupProvider implements IResourceProvider {

    private final BulkExports exports;

    GroupProvider(BulkExports exports) {
        this.exports = exports;
    }

    @Override
    public Class<Group> getResourceType() {
        return Group.class;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void export(@IdParam IdType id, @OperationParam(name = "_type") StringType type,
                       @OperationParam(name = "_since") StringType since,
                       @OperationParam(name = "_outputFormat") StringType outputFormat, ServletRequestDetails request) {
        ExportKickOff.accept(exports, "Group", Optional.of(Ids.of(id)), type, since, outputFormat, request);
    }
}
