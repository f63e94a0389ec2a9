package io.holi.access;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.FakeAnthropic;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route × every role × no grant / active grant / expired grant / break-glass (and no token at all):
 * the status and the audit action are those of the table below. A route the table does not list fails the
 * build, so no new endpoint can skip the PHI gate unnoticed.
 */
@Order(2) // one of the longest classes: started first (junit-platform.properties)
class AuthorizationMatrixTest extends ApiTest {

    enum Role { ADMIN, CLINICIAN, STAFF, AUDITOR }

    enum State { NONE, ACTIVE, EXPIRED, BREAK_GLASS }

    /** Who succeeds: roles that need an active grant (or break-glass), or roles that succeed regardless of grants. */
    record Access(Set<Role> withGrant, Set<Role> always) {
        boolean allows(Role role, State state) {
            return always.contains(role) || withGrant.contains(role) && (state == State.ACTIVE || state == State.BREAK_GLASS);
        }
    }

    static Access granted(Role... roles) {
        return new Access(roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), Set.of());
    }

    static Access roles(Role... roles) {
        return new Access(Set.of(), roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    static Access grantedOr(Access granted, Role... always) {
        return new Access(granted.withGrant(), EnumSet.of(always[0], always));
    }

    /** The fixture a request works on; made fresh for every case so cases cannot disturb each other. */
    final class Fixture {
        final UUID patient;
        final UUID owner;
        UUID appointment;
        UUID prescription;
        UUID note;
        UUID breakGlassGrant;
        UUID user;
        /** The role making the request, and its password (for the routes that ask for it again). */
        Api.User caller;

        Fixture() {
            owner = ownerId;
            patient = UUID.fromString(api.post("/api/patients", ownerToken, Map.of("firstName", "Matrix", "lastName", "Case",
                    "dateOfBirth", "1970-01-01", "email", "matrix@example.org")).json().get("id").asString());
        }

        UUID appointment() {
            if (appointment == null) {
                appointment = id(api.post("/api/patients/" + patient + "/appointments", ownerToken, newAppointment()));
            }
            return appointment;
        }

        UUID prescription() {
            if (prescription == null) {
                prescription = id(api.post("/api/patients/" + patient + "/prescriptions", ownerToken, Map.of(
                        "medication", "Metformin", "dosage", "500 mg", "quantity", 30)));
            }
            return prescription;
        }

        UUID note() {
            if (note == null) {
                note = id(api.post("/api/patients/" + patient + "/notes", ownerToken, Map.of("text", "matrix note")));
            }
            return note;
        }

        UUID breakGlassGrant() {
            if (breakGlassGrant == null) {
                breakGlassGrant = id(api.post("/api/patients/" + patient + "/break-glass", ownerToken,
                        Map.of("reason", "matrix emergency access")));
            }
            return breakGlassGrant;
        }

        UUID user() {
            if (user == null) {
                user = api.createUser(bootstrapAdmin, "STAFF").id();
            }
            return user;
        }

        String path(String pattern) {
            String p = pattern.replace("{patient}", patient.toString());
            if (p.contains("{appointment}")) {
                p = p.replace("{appointment}", appointment().toString());
            }
            if (p.contains("{prescription}")) {
                p = p.replace("{prescription}", prescription().toString());
            }
            if (p.contains("{note}")) {
                p = p.replace("{note}", note().toString());
            }
            if (p.contains("{grant}")) {
                p = p.replace("{grant}", breakGlassGrant().toString());
            }
            if (p.contains("{owner}")) {
                p = p.replace("{owner}", owner.toString());
            }
            if (p.contains("{user}")) {
                p = p.replace("{user}", user().toString());
            }
            return p;
        }
    }

    record Row(String method, String pattern, String route, Function<Fixture, Object> body, int success,
               String successAudit, Access access, Map<String, String> headers) {
        Row(String method, String pattern, String route, Function<Fixture, Object> body, int success, String successAudit, Access access) {
            this(method, pattern, route, body, success, successAudit, access, Map.of());
        }

        boolean fhir() {
            return route.startsWith("/fhir/");
        }
    }

    private final AtomicInteger slot = new AtomicInteger();

    private Map<String, Object> newAppointment() {
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
                .plus(slot.incrementAndGet() * 45L, ChronoUnit.MINUTES);
        return Map.of("startsAt", start.toString(), "durationMinutes", 30, "clinicianId", ownerId.toString());
    }

    private static Row row(String method, String pattern, String route, int success, String audit, Access access) {
        return new Row(method, pattern, route, f -> null, success, audit, access);
    }

    private static Row row(String method, String pattern, String route, Function<Fixture, Object> body, int success,
                           String audit, Access access) {
        return new Row(method, pattern, route, body, success, audit, access);
    }

    private List<Row> table() {
        Role A = Role.ADMIN, C = Role.CLINICIAN, S = Role.STAFF, U = Role.AUDITOR;
        Map<String, Object> demographics = Map.of("firstName", "Changed", "lastName", "Name", "dateOfBirth", "1970-01-01");
        return List.of(
                // identity and audit: roles only
                row("GET", "/api/me", "/api/me", 200, null, roles(A, C, S, U)),
                row("POST", "/api/auth/logout", "/api/auth/logout", 204, "LOGOUT", roles(A, C, S, U)),
                row("GET", "/api/users", "/api/users", 200, null, roles(A)),
                row("POST", "/api/users", "/api/users", f -> Map.of("email", "m" + UUID.randomUUID() + "@matrix.test",
                        "name", "M", "role", "STAFF", "password", "twelve-chars-ok"), 201, "CREATE_USER", roles(A)),
                row("GET", "/api/users/{user}", "/api/users/{id}", 200, null, roles(A)),
                row("PATCH", "/api/users/{user}", "/api/users/{id}", f -> Map.of("role", "CLINICIAN"), 200, "ROLE_CHANGE", roles(A)),
                row("DELETE", "/api/users/{user}", "/api/users/{id}", 204, "DELETE_USER", roles(A)),
                row("POST", "/api/users/{user}/password", "/api/users/{id}/password",
                        f -> Map.of("password", "matrix reset passphrase"), 204, "PASSWORD_RESET", roles(A)),
                row("POST", "/api/users/{user}/mfa/reset", "/api/users/{id}/mfa/reset", 204, "MFA_RESET", roles(A)),
                row("POST", "/api/me/password", "/api/me/password", f -> Map.of("currentPassword",
                        f.caller == null ? "no caller" : f.caller.password(), "newPassword", "matrix passphrase " + UUID.randomUUID()),
                        204, "PASSWORD_CHANGE", roles(A, C, S, U)),
                row("GET", "/api/audit-logs", "/api/audit-logs", 200, "READ", roles(A, U)),
                // patients
                row("POST", "/api/patients", "/api/patients", f -> demographics, 201, "CREATE", roles(A, C, S)),
                row("GET", "/api/patients?query=Matrix", "/api/patients", 200, "SEARCH", roles(A, C, S)),
                row("GET", "/api/patients/{patient}", "/api/patients/{id}", 200, "READ", granted(A, C, S)),
                row("PUT", "/api/patients/{patient}", "/api/patients/{id}", f -> demographics, 200, "UPDATE", granted(A, C, S)),
                row("DELETE", "/api/patients/{patient}", "/api/patients/{id}", 204, "DELETE", grantedOr(granted(C), A)),
                row("GET", "/api/patients/{patient}/export", "/api/patients/{id}/export", 200, "EXPORT", granted(A, C)),
                // reminders: consent is part of the demographics
                row("GET", "/api/patients/{patient}/reminders", "/api/patients/{id}/reminders", 200, "READ", granted(A, C, S)),
                row("PUT", "/api/patients/{patient}/reminders/consent/SMS", "/api/patients/{id}/reminders/consent/{channel}",
                        f -> Map.of("optedIn", true), 200, "UPDATE", granted(A, C, S)),
                // grants and break-glass
                row("POST", "/api/patients/{patient}/grants", "/api/patients/{id}/grants",
                        f -> Map.of("userId", f.user().toString(), "reason", "covering"), 201, "GRANT_CREATED", roles(A)),
                row("GET", "/api/patients/{patient}/grants", "/api/patients/{id}/grants", 200, "READ", roles(A)),
                row("DELETE", "/api/patients/{patient}/grants/{owner}", "/api/patients/{id}/grants/{userId}", 204,
                        "GRANT_REVOKED", roles(A)),
                row("POST", "/api/patients/{patient}/break-glass", "/api/patients/{id}/break-glass",
                        f -> Map.of("reason", "unconscious in the emergency room"), 201, "BREAK_GLASS", roles(A, C)),
                row("GET", "/api/break-glass", "/api/break-glass", 200, "READ", roles(A, U)),
                row("POST", "/api/break-glass/{grant}/review", "/api/break-glass/{grantId}/review",
                        f -> Map.of("note", "justified"), 200, "UPDATE", roles(A, U)),
                // scheduling
                row("POST", "/api/patients/{patient}/appointments", "/api/patients/{id}/appointments",
                        f -> newAppointment(), 201, "CREATE", granted(A, C, S)),
                row("GET", "/api/patients/{patient}/appointments", "/api/patients/{id}/appointments", 200, "READ", granted(A, C, S)),
                row("PATCH", "/api/appointments/{appointment}", "/api/appointments/{id}", f -> Map.of("status", "CHECKED_IN"),
                        200, "UPDATE", granted(A, C, S)),
                row("GET", "/api/appointments?date=2026-01-01", "/api/appointments", 200, null, roles(C, S)),
                // prescribing
                row("POST", "/api/patients/{patient}/prescriptions", "/api/patients/{id}/prescriptions",
                        f -> Map.of("medication", "Amoxicillin", "dosage", "250 mg", "quantity", 10), 201, "CREATE", granted(C)),
                row("GET", "/api/patients/{patient}/prescriptions", "/api/patients/{id}/prescriptions", 200, "READ", granted(A, C)),
                row("POST", "/api/prescriptions/{prescription}/discontinue", "/api/prescriptions/{id}/discontinue",
                        f -> Map.of("reason", "side effects"), 200, "UPDATE", granted(C)),
                // notes
                row("POST", "/api/patients/{patient}/notes", "/api/patients/{id}/notes", f -> Map.of("text", "new note"),
                        201, "CREATE", granted(C)),
                row("GET", "/api/patients/{patient}/notes", "/api/patients/{id}/notes", 200, "READ", granted(A, C)),
                row("GET", "/api/notes/{note}", "/api/notes/{id}", 200, "READ", granted(A, C)),
                row("PUT", "/api/notes/{note}", "/api/notes/{id}", f -> Map.of("text", "revised"), 200, "UPDATE", granted(C)),
                row("GET", "/api/notes/{note}/versions", "/api/notes/{id}/versions", 200, "READ", granted(A, C)),
                row("POST", "/api/notes/{note}/summary", "/api/notes/{id}/summary", 200, "EXPORT", granted(A, C)),
                // FHIR: the same gate as the JSON twins (every interaction the CapabilityStatement names)
                row("GET", "/fhir/Patient/{patient}", "/fhir/Patient/{id}", 200, "READ", granted(A, C, S)),
                row("GET", "/fhir/Patient?name=Matrix", "/fhir/Patient", 200, "SEARCH", roles(A, C, S)),
                row("GET", "/fhir/Appointment/{appointment}", "/fhir/Appointment/{id}", 200, "READ", granted(A, C, S)),
                row("GET", "/fhir/Appointment?patient={patient}", "/fhir/Appointment", 200, "READ", granted(A, C, S)),
                row("POST", "/fhir/Appointment", "/fhir/Appointment", f -> fhirAppointment(f, null), 201, "CREATE", granted(A, C, S)),
                row("PUT", "/fhir/Appointment/{appointment}", "/fhir/Appointment/{id}", f -> fhirAppointment(f, f.appointment()),
                        200, "UPDATE", granted(A, C, S)),
                row("GET", "/fhir/MedicationRequest/{prescription}", "/fhir/MedicationRequest/{id}", 200, "READ", granted(A, C)),
                row("GET", "/fhir/MedicationRequest?patient={patient}", "/fhir/MedicationRequest", 200, "READ", granted(A, C)),
                row("GET", "/fhir/DocumentReference/{note}", "/fhir/DocumentReference/{id}", 200, "READ", granted(A, C)),
                row("GET", "/fhir/DocumentReference/{note}/_history/1", "/fhir/DocumentReference/{id}/_history/{vid}", 200, "READ", granted(A, C)),
                row("GET", "/fhir/DocumentReference/{note}/_history", "/fhir/DocumentReference/{id}/_history", 200, "READ", granted(A, C)),
                row("GET", "/fhir/DocumentReference?patient={patient}", "/fhir/DocumentReference", 200, "READ", granted(A, C)),
                row("GET", "/fhir/Practitioner/{owner}", "/fhir/Practitioner/{id}", 200, null, roles(A, C, S, U)),
                row("GET", "/fhir/Practitioner", "/fhir/Practitioner", 200, null, roles(A, C, S, U)),
                row("GET", "/fhir/AuditEvent?patient={patient}", "/fhir/AuditEvent", 200, "READ", roles(A, U)),
                new Row("GET", "/fhir/Patient/$export", "/fhir/Patient/$export", f -> null, 202, "EXPORT", roles(A, C),
                        Map.of("Prefer", "respond-async")),
                new Row("GET", "/fhir/Group/{owner}/$export", "/fhir/Group/{id}/$export", f -> null, 202, "EXPORT", roles(A, C),
                        Map.of("Prefer", "respond-async")));
    }

    /** A FHIR Appointment for the fixture's patient and clinician: a new booking, or a check-in of an existing one. */
    private Map<String, Object> fhirAppointment(Fixture f, UUID existing) {
        Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("resourceType", "Appointment");
        a.put("participant", List.of(Map.of("actor", Map.of("reference", "Patient/" + f.patient), "status", "accepted"),
                Map.of("actor", Map.of("reference", "Practitioner/" + ownerId), "status", "accepted")));
        if (existing == null) {
            Map<String, Object> slot = newAppointment();
            a.put("status", "booked");
            a.put("start", slot.get("startsAt"));
            a.put("minutesDuration", 30);
        } else {
            a.put("id", existing.toString());
            a.put("status", "checked-in");
        }
        return a;
    }

    /** Routes anyone may call: the table does not need to list them. */
    private static final Set<String> OPEN = Set.of("POST /api/auth/login", "POST /api/auth/mfa/enrol", "POST /api/auth/mfa/confirm",
            "GET /api/health", "GET /api/health/live",
            "GET /api/health/ready", "GET /api/health/metrics", "GET /api/openapi.json",
            "GET /api/openapi.json/swagger-config", "GET /api/openapi.json.yaml", "GET /api/docs", "GET /error",
            // the SMS and email vendors' webhooks, checked by their signatures (RemindersTest)
            "POST /api/reminders/webhooks/twilio/status", "POST /api/reminders/webhooks/twilio/inbound", "POST /api/reminders/webhooks/resend",
            // Alertmanager's, with its own shared token (IncidentsTest)
            "POST /api/incidents/alertmanager",
            // SMART Backend Services: the client authenticates with its signed assertion (FhirBackendServicesTest)
            "POST /api/fhir/token");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private String bootstrapAdmin;
    private String ownerToken;
    private UUID ownerId;
    private final java.util.EnumMap<Role, Api.User> users = new java.util.EnumMap<>(Role.class);
    private final java.util.EnumMap<Role, String> tokens = new java.util.EnumMap<>(Role.class);

    /** Signing in costs an Argon2 hash: one token per role, renewed after a sign-out. */
    private String token(Role role) {
        return tokens.computeIfAbsent(role, r -> api.login(users.get(r).email(), users.get(r).password()));
    }

    private void setUp() {
        if (bootstrapAdmin != null) {
            return;
        }
        ANTHROPIC.mode(FakeAnthropic.Mode.OK);
        bootstrapAdmin = adminToken();
        Api.User owner = api.createUser(bootstrapAdmin, "CLINICIAN");
        ownerId = owner.id();
        ownerToken = api.login(owner.email(), owner.password());
        for (Role r : Role.values()) {
            users.put(r, api.createUser(bootstrapAdmin, r.name()));
        }
    }

    private static UUID id(Api.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("fixture request failed: " + r);
        }
        return UUID.fromString(r.json().get("id").asString());
    }

    /** Routes of /fhir outside the CapabilityStatement's grammar, each with a test of its own. */
    private static final Set<String> FHIR_ELSEWHERE = Set.of(
            // HAPI's description of the $export operations: no records
            "GET /fhir/OperationDefinition/{id}");

    @Test
    void everyFhirInteractionOfTheCapabilityStatementIsInTheTable() {
        Set<String> table = new TreeSet<>();
        table().forEach(r -> table.add(r.method() + " " + r.route()));
        Api.Response metadata = api.get("/fhir/metadata", null);
        Set<String> unlisted = new TreeSet<>();
        for (var resource : metadata.json().get("rest").get(0).get("resource")) {
            String type = resource.get("type").asString();
            for (var interaction : resource.has("interaction") ? resource.get("interaction") : Api.JSON.createArrayNode()) {
                String route = switch (interaction.get("code").asString()) {
                    case "read" -> "GET /fhir/" + type + "/{id}";
                    case "vread" -> "GET /fhir/" + type + "/{id}/_history/{vid}";
                    case "history-instance" -> "GET /fhir/" + type + "/{id}/_history";
                    case "search-type" -> "GET /fhir/" + type;
                    case "create" -> "POST /fhir/" + type;
                    case "update" -> "PUT /fhir/" + type + "/{id}";
                    default -> "? " + interaction.get("code").asString() + " of " + type;
                };
                if (!table.contains(route) && !FHIR_ELSEWHERE.contains(route)) {
                    unlisted.add(route);
                }
            }
            if (resource.has("operation")) {
                for (var op : resource.get("operation")) {
                    String name = op.get("name").asString();
                    String route = "GET /fhir/" + type + "/$" + name;
                    String instanceRoute = "GET /fhir/" + type + "/{id}/$" + name;
                    if (!table.contains(route) && !table.contains(instanceRoute)) {
                        unlisted.add(route);
                    }
                }
            }
        }
        assertThat(unlisted).as("FHIR interactions missing from the authorization matrix").isEmpty();
    }

    @Test
    void everyRouteOfTheApplicationIsInTheTable() {
        Set<String> table = new TreeSet<>();
        table().forEach(r -> table.add(r.method() + " " + r.route()));
        Set<String> unlisted = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getName().startsWith("org.springdoc")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") && !pattern.equals("/error")) {
                    continue; // a page: the page matrix (web.PageMatrixTest) lists it
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    String route = method.name() + " " + pattern;
                    if (!table.contains(route) && !OPEN.contains(route)) {
                        unlisted.add(route);
                    }
                }
                if (info.getMethodsCondition().getMethods().isEmpty() && !pattern.equals("/error")) {
                    unlisted.add("ANY " + pattern);
                }
            }
        });
        assertThat(unlisted).as("routes missing from the authorization matrix").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteRoleAndGrantStateGetsTheExpectedStatusAndAuditRecord() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : table()) {
            tests.add(DynamicTest.dynamicTest(row.method() + " " + row.pattern() + " without a token → 401", () -> {
                setUp();
                Fixture f = new Fixture();
                Api.Response r = api.send(row.method(), f.path(row.pattern()), null, row.body().apply(f), row.headers());
                assertThat(r.status()).as(r.body()).isEqualTo(401);
                assertThat(auditOf(r)).extracting(m -> m.get("action")).contains("UNAUTHORIZED_ACCESS");
            }));
            for (Role role : Role.values()) {
                for (State state : State.values()) {
                    if (state == State.BREAK_GLASS && (role == Role.STAFF || role == Role.AUDITOR)) {
                        continue; // they cannot break the glass (its own row proves it)
                    }
                    boolean allowed = row.access().allows(role, state);
                    String name = row.method() + " " + row.pattern() + " as " + role + " with " + state + " → "
                            + (allowed ? row.success() + " " + row.successAudit() : "403 PERMISSION_DENIED");
                    tests.add(DynamicTest.dynamicTest(name, () -> check(row, role, state, allowed)));
                }
            }
        }
        return tests.stream();
    }

    private void check(Row row, Role role, State state, boolean allowed) {
        setUp();
        Fixture f = new Fixture();
        // a sign-out or a password change ends the caller's sessions: those cases run as a user of their own, so the
        // shared users keep their tokens (signing in again would wait for the next step of their authenticator app)
        boolean endsSessions = row.route().equals("/api/auth/logout") || row.route().equals("/api/me/password");
        Api.User user = endsSessions ? api.createUser(bootstrapAdmin, role.name()) : users.get(role);
        String token = endsSessions ? api.login(user.email(), user.password()) : token(role);
        switch (state) {
            case ACTIVE -> grant(f, user);
            case EXPIRED -> {
                grant(f, user);
                sql.update("UPDATE data_access_grants SET expires_at = now() - interval '1 minute' WHERE user_id = ? AND patient_id = ?",
                        user.id(), f.patient);
            }
            case BREAK_GLASS -> id(api.post("/api/patients/" + f.patient + "/break-glass", token,
                    Map.of("reason", "emergency, patient unconscious")));
            case NONE -> {
            }
        }
        String path = f.path(row.pattern());
        f.caller = user;
        Object body = row.body().apply(f);
        Api.Response r = api.send(row.method(), path, token, body, row.headers());
        List<Object> actions = auditOf(r).stream().map(m -> m.get("action")).toList();
        if (allowed) {
            assertThat(r.status()).as(r.body()).isEqualTo(row.success());
            if (row.successAudit() != null) {
                assertThat(actions).contains(row.successAudit());
            }
            assertThat(actions).doesNotContain("PERMISSION_DENIED");
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            // FHIR's denials are OperationOutcomes, the rest of the API's problems
            assertThat(r.contentType()).startsWith(row.fhir() ? "application/fhir+json" : "application/problem+json");
            assertThat(actions).containsExactly("PERMISSION_DENIED");
            assertThat(r.body()).doesNotContain("matrix@example.org").doesNotContain("Metformin").doesNotContain("matrix note");
        }
    }

    private void grant(Fixture f, Api.User user) {
        Api.Response r = api.post("/api/patients/" + f.patient + "/grants", bootstrapAdmin,
                Map.of("userId", user.id().toString(), "reason", "matrix"));
        if (user.role().equals("AUDITOR")) {
            assertThat(r.status()).isEqualTo(400); // a grant to an auditor is refused: it could never be used
            sql.update("INSERT INTO data_access_grants (id, user_id, patient_id, reason) VALUES (?, ?, ?, 'forced')",
                    UUID.randomUUID(), user.id(), f.patient);
        } else {
            id(r);
        }
    }
}
