package io.holi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.WebSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page and htmx endpoint × every role and no session: the right roles get their page, the others the 403 page
 * with a PERMISSION_DENIED record, and a visitor without a session is sent to sign in with an UNAUTHORIZED_ACCESS
 * record. A page route the table does not list fails the build.
 */
class PageMatrixTest extends ApiTest {

    enum Role { ADMIN, CLINICIAN, STAFF, AUDITOR }

    record Row(String method, String path, String route, Set<Role> allowed, Function<Fixture, Map<String, String>> form) {
    }

    /** Records made once through the API for all cases: a patient the roles may see, and its records. */
    static final class Fixture {
        final Map<Role, Api.User> users = new EnumMap<>(Role.class);
        UUID patient;
        UUID appointment;
        UUID prescription;
        UUID note;
        UUID breakGlass;
        UUID throwaway;
        int incident;
        UUID action;

        String path(String pattern) {
            return pattern.replace("{patient}", patient.toString()).replace("{appointment}", appointment.toString())
                    .replace("{prescription}", prescription.toString()).replace("{note}", note.toString())
                    .replace("{grant}", breakGlass.toString()).replace("{user}", throwaway.toString())
                    .replace("{incident}", String.valueOf(incident)).replace("{action}", action.toString());
        }
    }

    private static Fixture fixture;
    private static final Map<Role, WebSession> SESSIONS = new EnumMap<>(Role.class);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    io.holi.incidents.Incidents incidents;

    private synchronized Fixture fixture() {
        if (fixture != null) {
            return fixture;
        }
        Fixture f = new Fixture();
        String admin = adminToken();
        for (Role r : Role.values()) {
            f.users.put(r, api.createUser(admin, r.name()));
        }
        String clinician = api.login(f.users.get(Role.CLINICIAN).email(), f.users.get(Role.CLINICIAN).password());
        f.patient = id(api.post("/api/patients", clinician, Map.of("firstName", "Page", "lastName", "Matrix", "dateOfBirth", "1980-02-03")));
        for (Role r : List.of(Role.STAFF, Role.ADMIN)) {
            api.post("/api/patients/" + f.patient + "/grants", admin, Map.of("userId", f.users.get(r).id().toString(), "reason", "matrix"));
        }
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        f.appointment = id(api.post("/api/patients/" + f.patient + "/appointments", clinician, Map.of("startsAt", start.toString(),
                "durationMinutes", 30, "clinicianId", f.users.get(Role.CLINICIAN).id().toString())));
        f.prescription = id(api.post("/api/patients/" + f.patient + "/prescriptions", clinician,
                Map.of("medication", "Metformin", "dosage", "500 mg", "quantity", 30)));
        f.note = id(api.post("/api/patients/" + f.patient + "/notes", clinician, Map.of("text", "page matrix note")));
        String staff = api.login(f.users.get(Role.STAFF).email(), f.users.get(Role.STAFF).password());
        UUID other = id(api.post("/api/patients", staff, Map.of("firstName", "Other", "lastName", "Matrix", "dateOfBirth", "1990-01-01")));
        f.breakGlass = id(api.post("/api/patients/" + other + "/break-glass", clinician, Map.of("reason", "unconscious in the emergency room")));
        f.throwaway = api.createUser(admin, "STAFF").id();
        io.holi.incidents.Incident i = incidents.declare(new io.holi.incidents.Incidents.Declaration("Page matrix incident",
                io.holi.incidents.IncidentType.SECURITY_PRIVACY, io.holi.incidents.Severity.SEV4, "matrix@test.holi", "", java.util.Set.of(),
                null, null, null, null));
        f.incident = i.number();
        f.action = incidents.addAction(i.reference(), "matrix action", "matrix@test.holi", java.time.LocalDate.now().plusDays(3)).id();
        fixture = f;
        return f;
    }

    private static UUID id(Api.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return UUID.fromString(r.json().get("id").asString());
    }

    private WebSession session(Role role) {
        return SESSIONS.computeIfAbsent(role, r -> new WebSession(port).signIn(fixture().users.get(r).email(), fixture().users.get(r).password()));
    }

    static List<Row> table() {
        Role A = Role.ADMIN, C = Role.CLINICIAN, S = Role.STAFF, U = Role.AUDITOR;
        Set<Role> everyone = EnumSet.allOf(Role.class);
        List<Row> rows = new ArrayList<>();
        rows.add(row("GET", "/", "/", everyone));
        rows.add(row("GET", "/account", "/account", everyone));
        rows.add(row("POST", "/account/password", "/account/password", everyone, f -> Map.of("currentPassword", "not-the-password", "newPassword", "x")));
        rows.add(row("GET", "/account/mfa", "/account/mfa", everyone));
        rows.add(row("POST", "/account/mfa", "/account/mfa", everyone, f -> Map.of("code", "000000")));
        rows.add(row("POST", "/account/recovery-codes", "/account/recovery-codes", everyone));
        rows.add(row("POST", "/session/keepalive", "/session/keepalive", everyone));
        rows.add(row("GET", "/schedule", "/schedule", EnumSet.of(C, S)));
        rows.add(row("GET", "/schedule?view=week", "/schedule", EnumSet.of(C, S)));
        rows.add(row("POST", "/appointments/{appointment}/status", "/appointments/{id}/status", EnumSet.of(A, C, S),
                f -> Map.of("status", "CHECKED_IN", "back", "/schedule")));
        rows.add(row("GET", "/patients", "/patients", EnumSet.of(A, C, S)));
        rows.add(row("GET", "/patients/search?q=Matrix", "/patients/search", EnumSet.of(A, C, S)));
        rows.add(row("GET", "/patients/new", "/patients/new", EnumSet.of(A, C, S)));
        rows.add(row("POST", "/patients", "/patients", EnumSet.of(A, C, S), f -> Map.of("firstName", "Made", "lastName", "ByPage",
                "dateOfBirth", "1975-05-05")));
        rows.add(row("POST", "/patients/check/phone", "/patients/check/{field}", EnumSet.of(A, C, S), f -> Map.of("phone", "abc")));
        rows.add(row("GET", "/patients/{patient}", "/patients/{id}", EnumSet.of(A, C, S)));
        rows.add(row("POST", "/patients/{patient}/reminders", "/patients/{id}/reminders", EnumSet.of(A, C, S),
                f -> Map.of("channel", "SMS", "optedIn", "true", "language", "en")));
        rows.add(row("GET", "/patients/{patient}/edit", "/patients/{id}/edit", EnumSet.of(A, C, S)));
        rows.add(row("POST", "/patients/{patient}", "/patients/{id}", EnumSet.of(A, C, S), f -> Map.of("firstName", "Page",
                "lastName", "Matrix", "dateOfBirth", "1980-02-03")));
        rows.add(row("POST", "/patients/{patient}/break-glass", "/patients/{id}/break-glass", EnumSet.of(A, C),
                f -> Map.of("reason", "cardiac arrest in the waiting room")));
        rows.add(row("GET", "/patients/{patient}/export", "/patients/{id}/export", EnumSet.of(A, C)));
        rows.add(row("GET", "/patients/{patient}/appointments", "/patients/{id}/appointments", EnumSet.of(A, C, S)));
        rows.add(row("POST", "/patients/{patient}/appointments", "/patients/{id}/appointments", EnumSet.of(A, C, S),
                f -> Map.of("clinicianId", f.users.get(Role.CLINICIAN).id().toString(), "date", "2030-01-07", "time", "09:00",
                        "durationMinutes", "30")));
        rows.add(row("GET", "/appointments/slots?clinicianId=x&date=2030-01-07", "/appointments/slots", EnumSet.of(A, C, S)));
        rows.add(row("GET", "/patients/{patient}/appointments/{appointment}/move", "/patients/{id}/appointments/{appointmentId}/move",
                EnumSet.of(A, C, S)));
        rows.add(row("POST", "/patients/{patient}/appointments/{appointment}/move", "/patients/{id}/appointments/{appointmentId}/move",
                EnumSet.of(A, C, S), f -> Map.of("clinicianId", "x")));
        rows.add(row("GET", "/patients/{patient}/notes", "/patients/{id}/notes", EnumSet.of(A, C)));
        rows.add(row("POST", "/patients/{patient}/notes", "/patients/{id}/notes", EnumSet.of(C), f -> Map.of("text", "from the matrix")));
        rows.add(row("GET", "/notes/{note}/edit", "/notes/{noteId}/edit", EnumSet.of(A, C)));
        rows.add(row("POST", "/notes/{note}", "/notes/{noteId}", EnumSet.of(C), f -> Map.of("text", "revised by the matrix")));
        rows.add(row("GET", "/notes/{note}/history", "/notes/{noteId}/history", EnumSet.of(A, C)));
        rows.add(row("POST", "/notes/{note}/summary", "/notes/{noteId}/summary", EnumSet.of(A, C)));
        rows.add(row("GET", "/patients/{patient}/prescriptions", "/patients/{id}/prescriptions", EnumSet.of(A, C)));
        rows.add(row("POST", "/patients/{patient}/prescriptions", "/patients/{id}/prescriptions", EnumSet.of(C),
                f -> Map.of("medication", "Ibuprofen", "dosage", "200 mg", "quantity", "20")));
        rows.add(row("POST", "/prescriptions/{prescription}/discontinue", "/prescriptions/{prescriptionId}/discontinue", EnumSet.of(C),
                f -> Map.of("patientId", f.patient.toString(), "reason", "finished")));
        rows.add(row("GET", "/audit", "/audit", EnumSet.of(A, U)));
        rows.add(row("GET", "/audit/export.csv", "/audit/export.csv", EnumSet.of(A, U)));
        rows.add(row("GET", "/audit/patient?id={patient}", "/audit/patient", EnumSet.of(A, U)));
        rows.add(row("GET", "/audit/anomalies", "/audit/anomalies", EnumSet.of(A, U)));
        rows.add(row("GET", "/audit/break-glass", "/audit/break-glass", EnumSet.of(A, U)));
        rows.add(row("POST", "/audit/break-glass/{grant}/review", "/audit/break-glass/{grantId}/review", EnumSet.of(A, U),
                f -> Map.of("note", "checked with the ward")));
        rows.add(row("GET", "/audit/chain", "/audit/chain", EnumSet.of(A, U)));
        rows.add(row("GET", "/admin/users", "/admin/users", EnumSet.of(A)));
        rows.add(row("POST", "/admin/users", "/admin/users", EnumSet.of(A), f -> Map.of("email", "", "name", "", "role", "", "password", "")));
        rows.add(row("POST", "/admin/users/{user}/role", "/admin/users/{id}/role", EnumSet.of(A), f -> Map.of("role", "STAFF")));
        rows.add(row("POST", "/admin/users/{user}/password", "/admin/users/{id}/password", EnumSet.of(A),
                f -> Map.of("password", "a long enough page matrix password")));
        rows.add(row("POST", "/admin/users/{user}/mfa-reset", "/admin/users/{id}/mfa-reset", EnumSet.of(A)));
        rows.add(row("POST", "/admin/users/{user}/deactivate", "/admin/users/{id}/deactivate", EnumSet.of(A)));
        rows.add(row("GET", "/admin/grants?patient={patient}", "/admin/grants", EnumSet.of(A)));
        rows.add(row("POST", "/admin/grants", "/admin/grants", EnumSet.of(A), f -> Map.of("patientId", f.patient.toString(),
                "userId", f.throwaway.toString(), "reason", "matrix")));
        rows.add(row("POST", "/admin/grants/revoke", "/admin/grants/revoke", EnumSet.of(A), f -> Map.of("patientId", f.patient.toString(),
                "userId", f.throwaway.toString())));
        rows.add(row("GET", "/admin/maintenance", "/admin/maintenance", EnumSet.of(A)));
        rows.add(row("POST", "/admin/maintenance", "/admin/maintenance", EnumSet.of(A), f -> Map.of("on", "false")));
        rows.add(row("GET", "/incidents", "/incidents", EnumSet.of(A, U)));
        rows.add(row("POST", "/incidents", "/incidents", EnumSet.of(A, U), f -> Map.of("title", "Matrix declared", "type", "AVAILABILITY",
                "severity", "SEV4", "commander", "matrix@test.holi")));
        rows.add(row("GET", "/incidents/{incident}", "/incidents/{number}", EnumSet.of(A, U)));
        rows.add(row("POST", "/incidents/{incident}/status", "/incidents/{number}/status", EnumSet.of(A, U), f -> Map.of("status", "INVESTIGATING")));
        rows.add(row("POST", "/incidents/{incident}/notes", "/incidents/{number}/notes", EnumSet.of(A, U), f -> Map.of("text", "matrix note")));
        rows.add(row("POST", "/incidents/{incident}/public-updates", "/incidents/{number}/public-updates", EnumSet.of(A, U),
                f -> Map.of("status", "investigating", "body", "Matrix testing of the status page.")));
        rows.add(row("POST", "/incidents/{incident}/links", "/incidents/{number}/links", EnumSet.of(A, U), f -> Map.of("kind", "ANOMALY", "ref", "matrix")));
        rows.add(row("POST", "/incidents/{incident}/actions", "/incidents/{number}/actions", EnumSet.of(A, U),
                f -> Map.of("description", "matrix", "owner", "matrix@test.holi", "due", "2030-01-01")));
        rows.add(row("POST", "/incidents/{incident}/actions/{action}/done", "/incidents/{number}/actions/{action}/done", EnumSet.of(A, U)));
        rows.add(row("POST", "/incidents/{incident}/postmortem", "/incidents/{number}/postmortem", EnumSet.of(A, U),
                f -> Map.of("rootCause", "matrix")));
        rows.add(row("GET", "/incidents/{incident}/postmortem.md", "/incidents/{number}/postmortem.md", EnumSet.of(A, U)));
        rows.add(row("POST", "/incidents/{incident}/breach", "/incidents/{number}/breach", EnumSet.of(A, U), f -> Map.of("phiNature", "matrix")));
        rows.add(row("POST", "/incidents/{incident}/breach/decision", "/incidents/{number}/breach/decision", EnumSet.of(A, U),
                f -> Map.of("decision", "BREACH", "justification", "matrix")));
        rows.add(row("POST", "/incidents/{incident}/breach/notices", "/incidents/{number}/breach/notices", EnumSet.of(A, U),
                f -> Map.of("recipient", "INDIVIDUALS", "method", "letter")));
        return rows;
    }

    /** Pages anyone may open, and sign-out (its own test). The public status page is io.holi.status's (StatusPageTest). */
    static final Set<String> OPEN = Set.of("GET /login", "POST /login", "GET /login/code", "POST /login/code", "GET /login/enrol",
            "POST /login/enrol", "GET /denied", "POST /logout");

    private static Row row(String method, String path, String route, Set<Role> allowed) {
        return new Row(method, path, route, allowed, f -> Map.of());
    }

    private static Row row(String method, String path, String route, Set<Role> allowed, Function<Fixture, Map<String, String>> form) {
        return new Row(method, path, route, allowed, form);
    }

    @Test
    void everyPageAndHtmxRouteIsInTheTable() {
        Set<String> listed = new TreeSet<>();
        table().forEach(r -> listed.add(r.method() + " " + r.route()));
        Set<String> unlisted = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getName().startsWith("io.holi.web")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    String route = method.name() + " " + pattern;
                    if (!listed.contains(route) && !OPEN.contains(route)) {
                        unlisted.add(route);
                    }
                }
            }
        });
        assertThat(unlisted).as("page routes missing from the page matrix").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyPageAnswersEachRoleAsTheTableSaysAndEveryDenialIsAudited() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : table()) {
            tests.add(DynamicTest.dynamicTest(row.method() + " " + row.path() + " without a session → sign in", () -> {
                WebSession anonymous = new WebSession(port);
                WebSession.Page p = send(anonymous, row);
                assertThat(p.status()).as(p.body()).isEqualTo(302);
                assertThat(p.location()).contains("/login");
                assertThat(actions(p)).contains("UNAUTHORIZED_ACCESS");
            }));
        }
        for (Role role : List.of(Role.AUDITOR, Role.STAFF, Role.CLINICIAN, Role.ADMIN)) {
            for (Row row : table()) {
                boolean allowed = row.allowed().contains(role);
                tests.add(DynamicTest.dynamicTest(row.method() + " " + row.path() + " as " + role + (allowed ? " → its page" : " → 403"), () -> {
                    WebSession.Page p = send(session(role), row);
                    if (allowed) {
                        assertThat(p.status()).as(p.status() + " " + p.location() + " " + p.body()).isNotIn(401, 403, 500);
                        assertThat(p.location()).doesNotContain("/login");
                    } else {
                        assertThat(p.status()).as(p.body()).isEqualTo(403);
                        assertThat(p.body()).contains("Not allowed");
                        assertThat(actions(p)).contains("PERMISSION_DENIED");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndAudited() {
        WebSession clinician = new WebSession(port).signIn(fixture().users.get(Role.CLINICIAN).email(),
                fixture().users.get(Role.CLINICIAN).password());
        WebSession.Page p = clinician.postRaw("/patients", Map.of("firstName", "No", "lastName", "Token", "dateOfBirth", "1970-01-01"), Map.of());
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.body()).contains("did not come from holi");
        assertThat(sql.queryForList("SELECT details->>'reason' AS reason FROM audit_logs WHERE request_id = ? AND action = 'PERMISSION_DENIED'",
                p.requestId())).extracting(m -> m.get("reason")).isNotEmpty();
        assertThat(sql.queryForObject("SELECT count(*) FROM patients WHERE created_at > now() - interval '1 minute' AND mrn IS NOT NULL "
                + "AND id NOT IN (SELECT patient_id FROM audit_logs WHERE patient_id IS NOT NULL AND action = 'CREATE' "
                + "AND timestamp < now() - interval '1 minute')", Long.class)).isNotNull();
    }

    @Test
    void everyPageNamesItsIconSoBrowsersDoNotAskForAMissingFaviconIco() {
        // without it each browser's first page asked for /favicon.ico: a 404 through the error path and a WARN line
        WebSession anonymous = new WebSession(port);
        WebSession.Page login = anonymous.get("/login");
        assertThat(login.body()).contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/assets/favicon.svg\">");
        WebSession.Page icon = anonymous.get("/assets/favicon.svg");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.body()).startsWith("<svg");
    }

    private WebSession.Page send(WebSession s, Row row) {
        String path = fixture().path(row.path());
        return row.method().equals("GET") ? s.get(path) : s.post(path, row.form().apply(fixture()));
    }

    private List<Object> actions(WebSession.Page p) {
        return sql.queryForList("SELECT action FROM audit_logs WHERE request_id = ?", p.requestId()).stream().map(m -> m.get("action")).toList();
    }
}
