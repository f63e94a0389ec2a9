package io.holi.fhir.internal;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.holi.notes.Note;
import io.holi.notes.NoteService;
import io.holi.notes.NoteVersion;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Clinical notes as DocumentReference (the text as a plain-text attachment). A note's versions are its
 * {@code _history}: every earlier version stays readable, as the legal record requires.
 */
final class DocumentReferenceProvider implements IResourceProvider {

    private final NoteService notes;
    private final FhirRequests requests;

    DocumentReferenceProvider(NoteService notes, FhirRequests requests) {
        this.notes = notes;
        this.requests = requests;
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    /** The current version, or with {@code /_history/N} that version. */
    @Read(version = true)
    public DocumentReference read(@IdParam IdType id, RequestDetails request) {
        UUID noteId = Ids.of(id);
        notes.patientOf(noteId).ifPresent(p -> requests.requirePatientInContext(request, p, "Note"));
        if (!id.hasVersionIdPart()) {
            return FhirMapping.document(notes.get(noteId));
        }
        List<NoteVersion> versions = notes.versions(noteId);
        Note current = currentOf(noteId, versions);
        return versions.stream().filter(v -> Integer.toString(v.version()).equals(id.getVersionIdPart())).findFirst()
                .map(v -> FhirMapping.document(current, v))
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @History
    public List<DocumentReference> history(@IdParam IdType id, RequestDetails request) {
        UUID noteId = Ids.of(id);
        notes.patientOf(noteId).ifPresent(p -> requests.requirePatientInContext(request, p, "Note"));
        List<NoteVersion> versions = notes.versions(noteId);
        Note current = currentOf(noteId, versions);
        // a history bundle says how each version came to be: the first was created, the later ones replaced it
        return versions.stream().sorted(Comparator.comparingInt(NoteVersion::version).reversed())
                .map(v -> {
                    DocumentReference d = FhirMapping.document(current, v);
                    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(d, v.version() == 1
                            ? BundleEntryTransactionMethodEnum.POST : BundleEntryTransactionMethodEnum.PUT);
                    return d;
                }).toList();
    }

    @Search
    public List<DocumentReference> search(@RequiredParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
                                          RequestDetails request) {
        UUID patientId = Ids.of(patient, "Patient", "patient");
        requests.requirePatientInContext(request, patientId, "Note");
        return notes.forPatient(patientId).stream().map(FhirMapping::document).toList();
    }

    /** The note's own fields (patient, author, creation) from its versions: the first is the note's creation. */
    private Note currentOf(UUID noteId, List<NoteVersion> versions) {
        NoteVersion first = versions.stream().min(Comparator.comparingInt(NoteVersion::version)).orElseThrow();
        NoteVersion last = versions.stream().max(Comparator.comparingInt(NoteVersion::version)).orElseThrow();
        UUID patientId = notes.patientOf(noteId).orElseThrow();
        return new Note(noteId, patientId, first.authorId(), last.version(), last.text(), last.authorId(), first.createdAt(), last.createdAt());
    }
}
