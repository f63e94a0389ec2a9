package io.holi.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.holi.access.AccessGrants;
import io.holi.access.GrantState;
import io.holi.access.PhiGate;
import io.holi.access.PhiPolicy;
import io.holi.access.Purpose;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.crypto.EncryptedColumn;
import io.holi.crypto.FieldCipher;
import io.holi.fhir.FhirProperties;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.Caller;
import io.holi.platform.Role;
import io.holi.platform.TokenGrant;
import io.holi.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Bulk Data $export (FHIR Bulk Data Access 2.0): asked at /fhir/Patient/$export or /fhir/Group/{id}/$export, worked
 * in the background as the one who asked (same gate: EXPORT for each patient, each exported patient audited), its
 * NDJSON files encrypted in the object store, downloadable by that requester only until they expire.
 */
@Service
class BulkExports {

    /** What holi exports: the patient compartment it keeps. */
    static final List<String> TYPES = List.of("Patient", "Appointment", "MedicationRequest", "DocumentReference");
    static final String PREFIX = "fhir-exports/";
    private static final EncryptedColumn FILE = new EncryptedColumn("fhir_exports", "output");
    private static final Logger log = LoggerFactory.getLogger(BulkExports.class);

    private final ExportJobs jobs;
    private final AccessGrants grants;
    private final PhiGate gate;
    private final UserService users;
    private final ExportContent content;
    private final AuditTrail audit;
    private final ObjectStore store;
    private final FieldCipher cipher;
    private final JsonMapper json;
    private final FhirProperties properties;
    private final ExecutorService workers;

    BulkExports(ExportJobs jobs, AccessGrants grants, PhiGate gate, UserService users, ExportContent content, AuditTrail audit,
                ObjectStore store, FieldCipher cipher, JsonMapper json, FhirProperties properties) {
        this.jobs = jobs;
        this.grants = grants;
        this.gate = gate;
        this.users = users;
        this.content = content;
        this.audit = audit;
        this.store = store;
        this.cipher = cipher;
        this.json = json;
        this.properties = properties;
        this.workers = Executors.newFixedThreadPool(Math.max(1, properties.exportWorkers()), r -> {
            Thread t = new Thread(r, "fhir-export");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Accepts an export (202): checks what can be checked at once, records the request, and starts it. */
    UUID kickOff(String level, Optional<UUID> group, Optional<String> type, Optional<Instant> from, String requestUrl) {
        Caller caller = Caller.require();
        TokenGrant token = TokenGrant.current();
        var policy = PhiPolicy.decide(caller.role(), new GrantState(GrantState.Status.ACTIVE, Optional.of("GRANT"), Optional.empty()),
                Purpose.EXPORT);
        if (!policy.allowed()) {
            deny(policy.reason());
        }
        if (token.patient().isPresent()) {
            deny("a bulk export needs user/ or system/ scopes, not a patient's");
        }
        List<String> types = types(type, token);
        if (group.isPresent()) {
            users.find(group.get()).filter(u -> u.active() && u.role() == Role.CLINICIAN)
                    .orElseThrow(() -> new ResourceNotFoundException("No Group " + group.get() + " (a group is an active clinician's panel)"));
        }
        UUID id = UUID.randomUUID();
        jobs.insert(id, caller.id(), token.clientId(), caller.email(), level, group.map(UUID::toString), types, from, requestUrl);
        audit.record(AuditEvent.of(AuditAction.EXPORT).resource("FhirExport", id).detail("level", level)
                .detail("group", group.map(UUID::toString).orElse(null)).detail("types", String.join(",", types))
                .detail("since", from.map(Instant::toString).orElse(null)).detail("status", "accepted").build());
        start(id);
        jobs.waiting().stream().filter(w -> !w.equals(id)).forEach(this::start); // left behind by an instance that stopped
        sweep();
        return id;
    }

    private void deny(String reason) {
        audit.record(AuditEvent.of(AuditAction.PERMISSION_DENIED).denied(reason).resource("FhirExport")
                .detail("purpose", Purpose.EXPORT.name()).build());
        throw new ForbiddenOperationException("Access denied: " + reason);
    }

    /** {@code _type}, within what holi exports and what the token's scopes let it read. */
    private List<String> types(Optional<String> type, TokenGrant token) {
        List<String> asked = type.map(t -> Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList())
                .orElse(TYPES);
        for (String t : asked) {
            if (!TYPES.contains(t)) {
                throw new InvalidRequestException("_type: " + t + " is not exported; holi exports " + String.join(", ", TYPES));
            }
        }
        if (!token.scoped()) {
            return asked;
        }
        SmartScopes scopes = SmartScopes.parse(token.scope().orElse(""));
        var contexts = token.clientId().isPresent() ? EnumSet.of(SmartScopes.Context.SYSTEM) : EnumSet.of(SmartScopes.Context.USER);
        Predicate<String> readable = t -> scopes.allows(t, SmartScopes.Permission.R, contexts);
        if (type.isPresent()) {
            asked.stream().filter(readable.negate()).findFirst().ifPresent(t -> deny("the token's scopes do not allow reading " + t));
            return asked;
        }
        List<String> allowed = asked.stream().filter(readable).toList();
        if (allowed.isEmpty()) {
            deny("the token's scopes allow reading none of " + String.join(", ", TYPES));
        }
        return allowed;
    }

    private void start(UUID id) {
        try {
            workers.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            log.warn("Export {} not started: this instance is stopping; the next export request on any instance starts it", id);
        }
    }

    /** Works a job as the user who asked for it (their role now, their grants now). */
    void run(UUID id) {
        if (!jobs.claim(id)) {
            return;
        }
        ExportJobs.Job job = jobs.find(id).orElseThrow();
        try {
            UserAccount user = users.find(job.userId()).filter(UserAccount::active)
                    .orElseThrow(() -> new IllegalStateException("the requester's account is no longer active"));
            Caller caller = new Caller(user.id(), job.requester(), user.role());
            caller.runAs(() -> {
                try {
                    write(job);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.error("Export {} failed: {}", id, e.getClass().getSimpleName());
            jobs.fail(id, e instanceof IllegalStateException ? e.getMessage() : "the export failed on the server (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void write(ExportJobs.Job job) throws IOException {
        Caller caller = Caller.require();
        List<UUID> patients = job.groupId().map(UUID::fromString).map(grants::patientsGrantedTo).orElseGet(() -> grants.patientsGrantedTo(caller.id()));
        IParser parser = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false); // one line per resource
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        job.types().forEach(t -> {
            files.put(t, new StringBuilder());
            counts.put(t, 0);
        });
        int done = 0;
        int exported = 0;
        for (UUID patientId : patients) {
            if (done++ % 20 == 0) {
                if (jobs.cancelled(job.id())) {
                    deleteFiles(job.id());
                    return;
                }
                jobs.progress(job.id(), done - 1 + " of " + patients.size() + " patients");
            }
            if (!gate.decide(caller, patientId, Purpose.EXPORT).allowed()) {
                continue; // the requester's grant ended since, or the group holds patients the requester may not export
            }
            List<IBaseResource> resources = content.of(patientId, job.types(), job.since());
            if (resources.isEmpty()) {
                continue;
            }
            audit.record(AuditEvent.of(AuditAction.EXPORT).resource("FhirExport", job.id()).patient(patientId)
                    .detail("resources", resources.size()).detail("recipient", job.requester()).build());
            exported++;
            for (IBaseResource r : resources) {
                String type = r.fhirType();
                files.get(type).append(parser.encodeResourceToString(r)).append('\n');
                counts.merge(type, 1, Integer::sum);
            }
        }
        String base = job.requestUrl().substring(0, job.requestUrl().indexOf("/fhir/") + "/fhir".length());
        List<Map<String, Object>> output = new ArrayList<>();
        for (var f : files.entrySet()) {
            if (counts.get(f.getKey()) == 0) {
                continue;
            }
            String name = f.getKey() + ".ndjson";
            store.put(PREFIX + job.id() + "/" + name, cipher.encrypt(f.getValue().toString(), FILE, job.id()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", f.getKey());
            entry.put("url", base + "/bulk-files/" + job.id() + "/" + name);
            entry.put("count", counts.get(f.getKey()));
            output.add(entry);
        }
        if (!jobs.complete(job.id(), json.writeValueAsString(output), Instant.now().plus(properties.exportTtl()))) {
            deleteFiles(job.id()); // cancelled while the files were written
            return;
        }
        log.info("Export {} completed: {} patients, {} files", job.id(), exported, output.size());
    }

    /** The job, if the caller asked for it (same user, same client); otherwise it does not exist for them. */
    ExportJobs.Job mine(UUID id) {
        Caller caller = Caller.require();
        TokenGrant token = TokenGrant.current();
        return jobs.find(id).filter(j -> j.userId().equals(caller.id()) && j.clientId().equals(token.clientId()))
                .orElseThrow(() -> new ResourceNotFoundException("No export " + id + " of yours"));
    }

    boolean cancel(UUID id) {
        mine(id);
        boolean cancelled = jobs.cancel(id);
        if (cancelled) {
            deleteFiles(id);
            audit.record(AuditEvent.of(AuditAction.OPERATION).resource("FhirExport", id).detail("operation", "fhir.export.cancel").build());
        }
        return cancelled;
    }

    /** A file of a completed, unexpired export of the caller's, decrypted; the download is audited. */
    String file(UUID id, String name) throws IOException {
        ExportJobs.Job job = mine(id);
        if (job.status() != ExportJobs.Status.COMPLETED || job.expiresAt().map(e -> e.isBefore(Instant.now())).orElse(true)) {
            throw new ResourceNotFoundException("Export " + id + " has no files (it is " + job.status().name().toLowerCase()
                    + (job.status() == ExportJobs.Status.COMPLETED ? ", and its files expired" : "") + ")");
        }
        String type = name.endsWith(".ndjson") ? name.substring(0, name.length() - ".ndjson".length()) : "";
        if (!job.types().contains(type) || store.head(PREFIX + id + "/" + name).isEmpty()) {
            throw new ResourceNotFoundException("Export " + id + " has no file " + name);
        }
        String content = cipher.decrypt(store.read(PREFIX + id + "/" + name), FILE, id);
        audit.record(AuditEvent.of(AuditAction.EXPORT).resource("FhirExport", id).detail("file", name)
                .detail("operation", "download").build());
        return content;
    }

    /** Deletes the files of expired exports (run at each new export). */
    void sweep() {
        for (UUID id : jobs.expired()) {
            deleteFiles(id);
            jobs.markExpired(id);
        }
    }

    private void deleteFiles(UUID id) {
        try {
            for (var o : store.list(PREFIX + id + "/")) {
                store.delete(o.key());
            }
        } catch (IOException e) {
            log.warn("Export {}: its files could not all be deleted ({}); the next sweep tries again", id, e.getClass().getSimpleName());
        }
    }
}
