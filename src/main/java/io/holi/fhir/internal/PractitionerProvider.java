package io.holi.fhir.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.holi.identity.UserService;
import io.holi.platform.Role;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;

import java.util.List;
import java.util.Locale;

/** The clinicians (who book, prescribe and write): workforce data, not PHI; any signed-in role may read it. */
final class PractitionerProvider implements IResourceProvider {

    private final UserService users;

    PractitionerProvider(UserService users) {
        this.users = users;
    }

    @Override
    public Class<Practitioner> getResourceType() {
        return Practitioner.class;
    }

    @Read
    public Practitioner read(@IdParam IdType id) {
        return users.find(Ids.of(id)).filter(u -> u.role() == Role.CLINICIAN).map(FhirMapping::practitioner)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<Practitioner> search(@OptionalParam(name = Practitioner.SP_NAME) StringParam name) {
        String fragment = name == null ? "" : name.getValue().toLowerCase(Locale.ROOT);
        return users.list().stream().filter(u -> u.role() == Role.CLINICIAN)
                .filter(u -> u.name().toLowerCase(Locale.ROOT).contains(fragment))
                .map(FhirMapping::practitioner).toList();
    }
}
