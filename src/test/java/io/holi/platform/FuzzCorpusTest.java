package io.holi.platform;

import io.holi.audit.PhiRoutes;
import io.holi.testing.Api;
import io.holi.testing.ApiTest;
import io.holi.testing.FakeAnthropic;
import io.holi.testing.TestKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz corpus generated from holi's own OpenAPI document: for every operation, malformed variants of every path
 * parameter, query parameter and body field (wrong types, empty, null, NUL and control characters, lone
 * surrogates, 100 KB strings, huge and negative numbers, impossible and extreme dates, invalid UUIDs, unknown enum
 * values), and of the body as a whole (extra fields, deep nesting, duplicate keys, broken JSON and UTF-8, wrong
 * content types), as every role and as nobody. A new route or field is fuzzed without editing this test.
 *
 * <p>Every answer must be: below 500; a problem+json document when it is an error, with a status the document
 * lists for the operation; free of stack frames, SQL, exception class names and the PHI of a patient nobody here
 * holds a grant for; and every 2xx of a PHI route leaves an audit record naming a patient (or the search).
 */
class FuzzCorpusTest extends ApiTest {

    private static final List<String> ROLES = List.of("CLINICIAN", "ADMIN", "STAFF", "AUDITOR");
    /** A stack frame, an exception's name or SQL: each bounded, so a 100 KB answer is read in linear time. */
    private static final Pattern LEAKS = Pattern.compile(
            "\\bat (io\\.holi|org\\.|java\\.|jdk\\.|com\\.|tools\\.)[\\w.$]{1,300}\\(|Exception|Throwable|SQLState"
                    + "|syntax error at|INSERT INTO|ERROR: {2}|org\\.postgresql|\\bselect\\b[^\\n\"]{1,200}\\bfrom\\b",
            Pattern.CASE_INSENSITIVE);
    private static final String HUGE = "x".repeat(100_000);
    private static final String DEEP = "[".repeat(2_000) + "]".repeat(2_000);

    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, Api.User> users = new LinkedHashMap<>();
    private final Map<String, Integer> byClass = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Api.Response> phiSuccesses = new ArrayList<>();
    private final Set<String> naming = new java.util.HashSet<>();
    private final List<String> secrets = new ArrayList<>();
    private JsonNode document;
    private UUID patient;
    private UUID note;
    private UUID prescription;
    private UUID appointment;
    private UUID breakGlass;
    private UUID target;
    private int sent;


    /** One request of the corpus: what it is, so that a failure says which. */
    private record Case(String operation, String variant, String role, String method, String path, String body,
                        String contentType, JsonNode op) {
    }

    private final List<Case> corpus = new ArrayList<>();

    @Test
    void everyOperationAnswersMalformedInputWithADocumentedProblemAndLeaksNothing() {
        setUp();
        document = api.get("/api/openapi.json", null).json();
        int operations = 0;
        for (String template : document.get("paths").propertyNames()) {
            JsonNode item = document.get("paths").get(template);
            for (String method : item.propertyNames()) {
                operations++;
                fuzz(method.toUpperCase(), template, item.get(method));
            }
        }
        // four clients at once, as a busy clinic would; sign-outs last, one by one (they end the role's tokens)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Case c : corpus) {
                if (!c.operation().equals("POST /api/auth/logout")) {
                    done.add(pool.submit(() -> send(c)));
                }
            }
            for (var f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        corpus.stream().filter(c -> c.operation().equals("POST /api/auth/logout")).forEach(this::send);
        checkPhiSuccessesWereAudited();
        String summary = "fuzz corpus: " + sent + " requests over " + operations + " operations, by status class " + byClass;
        System.out.println(summary);
        assertThat(failures).as(summary).isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(1500);
        assertThat(byClass).doesNotContainKey("5xx");
    }

    private void setUp() {
        ANTHROPIC.mode(FakeAnthropic.Mode.OK);
        String admin = adminToken();
        tokens.put("ADMIN", admin);
        for (String role : List.of("CLINICIAN", "STAFF", "AUDITOR")) {
            Api.User u = api.createUser(admin, role);
            users.put(role, u);
            tokens.put(role, api.login(u.email(), u.password()));
        }
        String clinician = tokens.get("CLINICIAN");
        patient = id(api.post("/api/patients", clinician, Map.of("firstName", "Fuzz", "lastName", "Target",
                "dateOfBirth", "1977-07-07", "email", "fuzz.target@example.org", "phone", "+1 555 0100")));
        api.post("/api/patients/" + patient + "/grants", admin, Map.of("userId", users.get("STAFF").id().toString(), "reason", "front desk"));
        appointment = id(api.post("/api/patients/" + patient + "/appointments", clinician, Map.of(
                "startsAt", Instant.now().plus(500, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString(),
                "durationMinutes", 30, "clinicianId", users.get("CLINICIAN").id().toString(), "reason", "fuzz visit")));
        prescription = id(api.post("/api/patients/" + patient + "/prescriptions", clinician,
                Map.of("medication", "Fuzzocillin", "dosage", "1 mg", "quantity", 1)));
        note = id(api.post("/api/patients/" + patient + "/notes", clinician, Map.of("text", "fuzz note")));
        target = api.createUser(admin, "STAFF").id();

        // a patient nobody taking part holds a grant for: none of this may ever appear in an answer
        Api.User stranger = api.createUser(admin, "CLINICIAN");
        String strangerToken = api.login(stranger.email(), stranger.password());
        String mark = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        UUID secret = id(api.post("/api/patients", strangerToken, Map.of("firstName", mark + "first", "lastName", mark + "last",
                "dateOfBirth", "1950-01-01", "email", mark + "@secret.example", "nationalId", mark + "NID")));
        api.post("/api/patients/" + secret + "/notes", strangerToken, Map.of("text", mark + " secret note"));
        breakGlass = id(api.post("/api/patients/" + secret + "/break-glass", strangerToken,
                Map.of("reason", "fuzzing needs a break glass use")));
        secrets.add(mark);
    }

    // ---------------------------------------------------------------- the corpus

    private void fuzz(String method, String template, JsonNode op) {
        List<JsonNode> parameters = new ArrayList<>();
        op.path("parameters").forEach(parameters::add);
        JsonNode bodySchema = resolve(op.path("requestBody").path("content").path("application/json").path("schema"));
        String name = method + " " + template;
        boolean full;
        for (String role : roleOrder()) {
            // every variant as a clinician (the role that passes most gates); the commonest ones as everybody else
            full = role.equals("CLINICIAN");
            for (JsonNode p : parameters) {
                String in = p.path("in").asString("");
                JsonNode schema = resolve(p.path("schema"));
                for (Map.Entry<String, String> variant : parameterVariants(schema, full).entrySet()) {
                    Map<String, String> query = validQuery(parameters);
                    Map<String, String> path = validPath(template);
                    String pname = p.get("name").asString();
                    if (in.equals("path")) {
                        path.put(pname, variant.getValue());
                    } else if (in.equals("query")) {
                        query.put(pname, variant.getValue());
                    } else {
                        continue;
                    }
                    String body = bodySchema.isMissingNode() ? null : validBody(bodySchema).toString();
                    corpus.add(new Case(name, pname + " ← " + variant.getKey(), role, method, url(template, path, query), body,
                            body == null ? null : "application/json", op));
                }
            }
            if (!bodySchema.isMissingNode()) {
                String url = url(template, validPath(template), validQuery(parameters));
                for (Map.Entry<String, JsonNode> field : properties(bodySchema).entrySet()) {
                    for (Map.Entry<String, String> variant : fieldVariants(resolve(field.getValue()), full).entrySet()) {
                        ObjectNode body = validBody(bodySchema);
                        String text = body.toString();
                        String placeholder = "\"" + field.getKey() + "\":" + body.get(field.getKey());
                        text = body.has(field.getKey()) ? text.replace(placeholder, "\"" + field.getKey() + "\":" + variant.getValue())
                                : text.substring(0, text.length() - 1) + (body.isEmpty() ? "" : ",") + "\"" + field.getKey()
                                + "\":" + variant.getValue() + "}";
                        corpus.add(new Case(name, field.getKey() + " ← " + variant.getKey(), role, method, url, text, "application/json", op));
                    }
                }
                for (Map.Entry<String, String[]> variant : bodyVariants(validBody(bodySchema), full).entrySet()) {
                    corpus.add(new Case(name, "body ← " + variant.getKey(), role, method, url, variant.getValue()[0],
                            variant.getValue()[1], op));
                }
            }
        }
    }

    private List<String> roleOrder() {
        List<String> order = new ArrayList<>(ROLES);
        order.add("ANONYMOUS");
        return order;
    }

    private static Map<String, String> parameterVariants(JsonNode schema, boolean full) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("NUL", "a%00b");
        v.put("not a UUID", "not-a-uuid");
        if (full) {
            v.put("empty", "");
            v.put("invalid UTF-8", "%FF%FE");
            v.put("random UUID", UUID.randomUUID().toString());
            v.put("overlong UTF-8", "%C0%AF");
            v.put("nil UUID", "00000000-0000-0000-0000-000000000000");
            v.put("huge number", "99999999999999999999999");
            v.put("negative", "-1");
            v.put("impossible date", "2026-02-30");
            v.put("extreme year", "%2B999999999-12-31");
            v.put("extreme instant", "%2B999999999-12-31T00:00:00Z");
            v.put("unknown enum", "NOT_A_VALUE");
            v.put("control characters", "%01%02%1B");
            v.put("traversal", "..%2F..%2Fetc");
            v.put("long", "y".repeat(2_000));
            v.put("lone surrogate", "%ED%A0%80");
            if (schema.has("enum")) {
                v.put("lower-case enum", schema.get("enum").get(0).asString().toLowerCase());
            }
        }
        return v;
    }

    private static Map<String, String> fieldVariants(JsonNode schema, boolean full) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("NUL", "\"a\\u0000b\"");
        v.put("wrong type", schema.path("type").asString("").equals("string") ? "12345" : "\"text\"");
        if (full) {
            v.put("null", "null");
            v.put("empty", "\"\"");
            v.put("lone surrogate", "\"a\\ud800b\"");
            v.put("object", "{\"a\":1}");
            v.put("array", "[1,2]");
            v.put("boolean", "true");
            v.put("control characters", "\"\\u0001\\u001b\\u007f\"");
            v.put("100 KB", "\"" + HUGE + "\"");
            v.put("huge number", "1" + "0".repeat(400));
            v.put("negative", "-1");
            v.put("fraction", "1.5");
            v.put("impossible date", "\"2026-02-30\"");
            v.put("extreme year", "\"+999999999-12-31\"");
            v.put("extreme instant", "\"+999999999-12-31T23:59:59Z\"");
            v.put("invalid UUID", "\"123e4567-e89b-12d3-a456-42661417400Z\"");
            v.put("unknown enum", "\"NOT_A_VALUE\"");
            v.put("deep nesting", DEEP);
            v.put("whitespace only", "\"   \\t\\n  \"");
        }
        return v;
    }

    private static Map<String, String[]> bodyVariants(ObjectNode valid, boolean full) {
        Map<String, String[]> v = new LinkedHashMap<>();
        String json = valid.toString();
        v.put("extra field", new String[]{json.substring(0, json.length() - 1) + (valid.isEmpty() ? "" : ",") + "\"isAdmin\":true}",
                "application/json"});
        if (full) {
            v.put("empty", new String[]{"", "application/json"});
            v.put("wrong content type", new String[]{json, "text/plain"});
            String first = valid.propertyNames().stream().findFirst().orElse("x");
            v.put("duplicate key", new String[]{json.substring(0, json.length() - 1) + (valid.isEmpty() ? "" : ",")
                    + "\"" + first + "\":" + (valid.has(first) ? valid.get(first) : "1") + "}", "application/json"});
            v.put("null", new String[]{"null", "application/json"});
            v.put("array", new String[]{"[]", "application/json"});
            v.put("truncated", new String[]{json.substring(0, Math.max(1, json.length() / 2)), "application/json"});
            v.put("deep nesting", new String[]{DEEP, "application/json"});
            v.put("wildcard content type", new String[]{json, "application/*"});
            v.put("xml", new String[]{"<a/>", "application/xml"});
            v.put("form", new String[]{"a=%FF%FE&b=c", "application/x-www-form-urlencoded"});
            v.put("nonsense content type", new String[]{json, "this is not/a media type;;"});
        }
        return v;
    }

    // ---------------------------------------------------------------- valid values to mutate from

    private Map<String, String> validPath(String template) {
        Map<String, String> values = new LinkedHashMap<>();
        java.util.regex.Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            UUID value = switch (name) {
                case "userId" -> target;
                case "grantId" -> breakGlass;
                default -> template.startsWith("/api/notes") ? note : template.startsWith("/api/prescriptions") ? prescription
                        : template.startsWith("/api/appointments") ? appointment : template.startsWith("/api/users") ? target
                        : patient;
            };
            values.put(name, value.toString());
        }
        return values;
    }

    private Map<String, String> validQuery(List<JsonNode> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode p : parameters) {
            if (p.path("in").asString("").equals("query") && p.path("required").asBoolean(false)) {
                values.put(p.get("name").asString(), scalar(p.get("name").asString(), resolve(p.path("schema"))));
            }
        }
        return values;
    }

    private ObjectNode validBody(JsonNode schema) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : properties(schema).entrySet()) {
            JsonNode s = resolve(field.getValue());
            String type = s.path("type").asString("string");
            String value = scalar(field.getKey(), s);
            switch (type) {
                case "integer", "number" -> body.put(field.getKey(), Long.parseLong(value));
                case "boolean" -> body.put(field.getKey(), true);
                default -> body.put(field.getKey(), value);
            }
        }
        return body;
    }

    private String scalar(String name, JsonNode s) {
        if (s.has("enum")) {
            return s.get("enum").get(0).asString();
        }
        String type = s.path("type").asString("string");
        String format = s.path("format").asString("");
        if (type.equals("integer") || type.equals("number")) {
            return String.valueOf(Math.max(1, s.path("minimum").asLong(1)));
        }
        return switch (format) {
            case "uuid" -> (name.toLowerCase().contains("clinician") ? users.get("CLINICIAN").id() : name.equals("userId") ? target : patient).toString();
            case "date" -> "1980-01-01";
            case "date-time" -> Instant.now().plus(600, ChronoUnit.DAYS).plus(counter.incrementAndGet() * 47L, ChronoUnit.MINUTES)
                    .truncatedTo(ChronoUnit.MINUTES).toString();
            default -> name.toLowerCase().contains("email") ? "fuzz" + counter.incrementAndGet() + "@fuzz.test"
                    : name.toLowerCase().contains("password") ? "fuzzing passphrase " + counter.incrementAndGet()
                    : "fuzz words for a field";
        };
    }

    private Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        schema.path("properties").propertyNames().forEach(n -> out.put(n, schema.get("properties").get(n)));
        return out;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.get("components").get("schemas").get(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static String url(String template, Map<String, String> path, Map<String, String> query) {
        String url = template;
        for (Map.Entry<String, String> e : path.entrySet()) {
            url = url.replace("{" + e.getKey() + "}", e.getValue());
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(v));
        return url + q;
    }

    // ---------------------------------------------------------------- sending and judging

    private void send(Case c) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(api.uri(c.path()))).timeout(java.time.Duration.ofMinutes(5));
        } catch (IllegalArgumentException unsendable) {
            return; // a URL Java itself refuses to send is no request
        }
        b.header("User-Agent", "holi-fuzz/1.0");
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        if (c.role().equals("ANONYMOUS")) {
            if (c.path().startsWith("/api/health/metrics")) {
                b.header("Authorization", "Bearer " + TestKeys.METRICS);
            }
        } else {
            b.header("Authorization", "Bearer " + tokens.get(c.role()));
        }
        b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body().getBytes(StandardCharsets.UTF_8)));
        Api.Response r = api.send(b.build());
        judge(c, c.op(), r);
        if (c.operation().equals("POST /api/auth/logout") && r.status() / 100 == 2 && !c.role().equals("ANONYMOUS")) {
            tokens.put(c.role(), c.role().equals("ADMIN") ? adminToken()
                    : api.login(users.get(c.role()).email(), users.get(c.role()).password()));
        }
    }

    private synchronized void judge(Case c, JsonNode op, Api.Response r) {
        sent++;
        byClass.merge(r.status() / 100 + "xx", 1, Integer::sum);
        String what = c.role() + " " + c.operation() + " [" + c.variant() + "] → " + r.status();
        if (r.status() >= 500) {
            fail(what, "a server error: " + abbreviate(r.body()));
        }
        if (r.status() >= 400 && (r.contentType() == null || !r.contentType().startsWith("application/problem+json"))) {
            fail(what, "an error that is not application/problem+json: " + r.contentType());
        }
        if (!op.path("responses").has(String.valueOf(r.status()))) {
            fail(what, "a status the OpenAPI document does not list for this operation " + op.path("responses").propertyNames());
        }
        String body = r.body() == null ? "" : r.body();
        if (LEAKS.matcher(body).find()) {
            fail(what, "a stack frame, SQL or exception name in the answer: " + abbreviate(body));
        }
        for (String secret : secrets) {
            if (body.contains(secret)) {
                fail(what, "PHI of a patient nobody here may see");
            }
        }
        String path = URI.create(api.uri(c.path())).getPath();
        if (r.status() / 100 == 2 && PhiRoutes.PREFIXES.stream().anyMatch(path::startsWith)) {
            phiSuccesses.add(r);
            if (body.contains(patient.toString())) {
                naming.add(r.requestId());
            }
        }
    }

    /** Every 2xx of a PHI route left a record; one that shows the fixture patient left a record naming it. */
    private void checkPhiSuccessesWereAudited() {
        Object[] ids = phiSuccesses.stream().map(Api.Response::requestId).toArray(String[]::new);
        Set<String> audited = new java.util.HashSet<>(sql.queryForList(
                "SELECT request_id FROM audit_logs WHERE request_id = ANY(?)", String.class, (Object) ids));
        Set<String> named = new java.util.HashSet<>(sql.queryForList("SELECT request_id FROM audit_logs WHERE request_id = ANY(?) "
                + "AND (patient_id = ?::uuid OR (action = 'SEARCH' AND jsonb_exists(details->'patientIds', ?)))", String.class,
                (Object) ids, patient.toString(), patient.toString()));
        for (Api.Response r : phiSuccesses) {
            if (!audited.contains(r.requestId())) {
                fail("request " + r.requestId() + " → " + r.status(), "a PHI route answered 2xx without an audit record");
            } else if (naming.contains(r.requestId()) && !named.contains(r.requestId())) {
                fail("request " + r.requestId() + " → " + r.status(), "the patient was shown without an audit record naming it");
            }
        }
    }

    private void fail(String what, String why) {
        if (failures.size() < 60) {
            failures.add(what + ": " + why);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static UUID id(Api.Response r) {
        if (r.status() / 100 != 2) {
            throw new AssertionError("fixture request failed: " + r);
        }
        return UUID.fromString(r.json().get("id").asString());
    }
}
