package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.holi.access.AccessGrants;
import io.holi.access.Grant;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditAnomalies;
import io.holi.audit.AuditChain;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditOutcome;
import io.holi.audit.AuditPage;
import io.holi.audit.AuditQuery;
import io.holi.audit.AuditRecord;
import io.holi.audit.AuditTrail;
import io.holi.audit.OperationRecords;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditor's desk: the audit log with filters, paging and CSV export; who accessed a patient; anomalies; the
 * break-glass review queue; the chain's seal and last verification. Never PHI: patients appear by id only, and every
 * reading of the trail is itself recorded.
 */
@ConditionalOnWebApplication
@Controller
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class AuditPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int PAGE = 50;
    private static final int CSV_MAX = 50_000;

    record Filters(String user, String patient, String action, String outcome, String from, String to) {
        Map<String, String> asParams() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("user", user);
            m.put("patient", patient);
            m.put("action", action);
            m.put("outcome", outcome);
            m.put("from", from);
            m.put("to", to);
            m.values().removeIf(v -> v == null || v.isBlank());
            return m;
        }
    }

    record Row(String when, String who, String role, String action, String outcome, String resource, String patient, String ip,
               String details) {
    }

    private final AuditTrail trail;
    private final AuditAnomalies anomalies;
    private final AuditChain chain;
    private final OperationRecords operations;
    private final AccessGrants grants;
    private final UserService users;
    private final ZoneId zone;

    AuditPages(AuditTrail trail, AuditAnomalies anomalies, AuditChain chain, OperationRecords operations, AccessGrants grants,
               UserService users, HoliProperties properties) {
        this.trail = trail;
        this.anomalies = anomalies;
        this.chain = chain;
        this.operations = operations;
        this.grants = grants;
        this.users = users;
        this.zone = properties.clinic().timeZone();
    }

    @GetMapping("/audit")
    String log(Filters filters, @RequestParam(defaultValue = "0") int page, Model model) {
        List<PageErrors.Item> errors = new ArrayList<>();
        AuditQuery query = query(filters, Math.max(0, Math.min(page, 1_000_000)), PAGE, errors);
        model.addAttribute("filters", filters);
        model.addAttribute("users", users.list());
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("outcomes", AuditOutcome.values());
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            return "web/audit-log";
        }
        AuditPage result = trail.search(query);
        recordReading("audit log", filters, result.items().size());
        model.addAttribute("rows", rows(result.items()));
        model.addAttribute("total", result.total());
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (result.total() + PAGE - 1) / PAGE));
        model.addAttribute("params", filters.asParams());
        return "web/audit-log";
    }

    @GetMapping(value = "/audit/export.csv")
    ResponseEntity<byte[]> csv(Filters filters) {
        List<PageErrors.Item> errors = new ArrayList<>();
        query(filters, 0, 1, errors);
        if (!errors.isEmpty()) {
            throw HoliException.invalid(errors.get(0).field(), errors.get(0).message());
        }
        StringBuilder out = new StringBuilder("timestamp,user_email,role,action,outcome,resource,resource_id,patient_id,ip_address,request_id,details\n");
        int written = 0;
        for (int page = 0; written < CSV_MAX; page++) {
            AuditPage p = trail.search(query(filters, page, 1000, errors));
            for (AuditRecord r : p.items()) {
                out.append(csvField(r.timestamp().toString())).append(',').append(csvField(r.userEmail())).append(',').append(csvField(r.role())).append(',')
                        .append(csvField(r.action())).append(',').append(csvField(r.outcome())).append(',').append(csvField(r.resource())).append(',')
                        .append(csvField(str(r.resourceId()))).append(',').append(csvField(str(r.patientId()))).append(',').append(csvField(r.ipAddress()))
                        .append(',').append(csvField(r.requestId())).append(',').append(csvField(details(r.details()))).append('\n');
                written++;
            }
            if (p.items().size() < 1000) {
                break;
            }
        }
        trail.record(AuditEvent.of(AuditAction.EXPORT).resource("AuditLog").detail("rows", written)
                .detail("filters", filters.asParams().toString()).build());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/audit/patient")
    String patient(@RequestParam(defaultValue = "") String id, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("id", id);
        if (!id.isBlank()) {
            try {
                UUID patientId = UUID.fromString(id.strip());
                Filters f = new Filters(null, patientId.toString(), null, null, null, null);
                AuditPage result = trail.search(new AuditQuery(Optional.empty(), Optional.of(patientId), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Math.max(0, page), PAGE));
                recordReading("who accessed a patient", f, result.items().size());
                model.addAttribute("rows", rows(result.items()));
                model.addAttribute("total", result.total());
                model.addAttribute("people", result.items().stream().map(AuditRecord::userEmail).filter(e -> e != null)
                        .collect(Collectors.groupingBy(e -> e, java.util.TreeMap::new, Collectors.counting())));
            } catch (IllegalArgumentException e) {
                model.addAttribute("errors", List.of(new PageErrors.Item("id", "Patient id must be a patient's id (a UUID, as in the audit log)")));
            }
        }
        return "web/audit-patient";
    }

    @GetMapping("/audit/anomalies")
    String anomalies(@RequestParam(defaultValue = "1") int days, Model model) {
        int window = days == 7 ? 7 : days == 30 ? 30 : 1;
        Instant until = Instant.now();
        var report = anomalies.detect(until.minus(Duration.ofDays(window)), until);
        trail.record(AuditEvent.of(AuditAction.READ).resource("AuditLog").detail("view", "anomalies").detail("days", window).build());
        model.addAttribute("days", window);
        model.addAttribute("report", report);
        model.addAttribute("fmt", (java.util.function.Function<Instant, String>) t -> t == null ? "" : WHEN.format(t.atZone(zone)));
        return "web/audit-anomalies";
    }

    @GetMapping("/audit/break-glass")
    String breakGlass(Model model) {
        Instant now = Instant.now();
        List<Grant> open = grants.breakGlassUses(now.minus(Duration.ofDays(90)), now, Optional.of(false));
        List<Grant> done = grants.breakGlassUses(now.minus(Duration.ofDays(30)), now, Optional.of(true));
        Map<UUID, String> emails = users.list().stream().collect(Collectors.toMap(UserAccount::id, UserAccount::email));
        model.addAttribute("open", open);
        model.addAttribute("done", done);
        model.addAttribute("emails", emails);
        model.addAttribute("fmt", (java.util.function.Function<Instant, String>) t -> t == null ? "" : WHEN.format(t.atZone(zone)));
        return "web/audit-break-glass";
    }

    @PostMapping("/audit/break-glass/{grantId}/review")
    String review(@PathVariable UUID grantId, @RequestParam(defaultValue = "") String note, Model model) {
        if (note.isBlank()) {
            throw HoliException.invalid("note", "is required: say what the review found");
        }
        grants.review(grantId, note.strip());
        return "redirect:/audit/break-glass?reviewed";
    }

    @GetMapping("/audit/chain")
    String chain(Model model) {
        model.addAttribute("head", chain.storedHead().orElse(null));
        model.addAttribute("verified", operations.latest("audit.verify", Optional.empty()).orElse(null));
        model.addAttribute("archived", operations.latest("audit.archive", Optional.empty()).orElse(null));
        model.addAttribute("fmt", (java.util.function.Function<Instant, String>) t -> t == null ? "" : WHEN.format(t.atZone(zone)));
        trail.record(AuditEvent.of(AuditAction.READ).resource("AuditLog").detail("view", "chain status").build());
        return "web/audit-chain";
    }

    private AuditQuery query(Filters f, int page, int size, List<PageErrors.Item> errors) {
        Optional<UUID> user = uuid(f.user(), "user", "User must be chosen from the list", errors);
        Optional<UUID> patient = uuid(f.patient(), "patient", "Patient id must be a UUID", errors);
        Optional<AuditAction> action = Optional.empty();
        Optional<AuditOutcome> outcome = Optional.empty();
        try {
            action = blank(f.action()) ? Optional.empty() : Optional.of(AuditAction.valueOf(f.action()));
            outcome = blank(f.outcome()) ? Optional.empty() : Optional.of(AuditOutcome.valueOf(f.outcome()));
        } catch (IllegalArgumentException e) {
            errors.add(new PageErrors.Item("action", "Action and outcome must be chosen from the lists"));
        }
        Optional<Instant> from = date(f.from(), "from", errors).map(d -> d.atStartOfDay(zone).toInstant());
        Optional<Instant> to = date(f.to(), "to", errors).map(d -> d.plusDays(1).atStartOfDay(zone).toInstant());
        return new AuditQuery(user, patient, action, outcome, from, to, page, size);
    }

    private void recordReading(String view, Filters f, int returned) {
        trail.record(AuditEvent.of(AuditAction.READ).resource("AuditLog").detail("view", view)
                .detail("filters", f.asParams().toString()).detail("returned", returned).build());
    }

    private List<Row> rows(List<AuditRecord> records) {
        return records.stream().map(r -> new Row(WHEN.format(r.timestamp().atZone(zone)), r.userEmail() == null ? "—" : r.userEmail(),
                r.role() == null ? "" : r.role(), r.action(), r.outcome(), r.resource() == null ? "" : r.resource(),
                str(r.patientId()), r.ipAddress() == null ? "" : r.ipAddress(), details(r.details()))).toList();
    }

    private static String details(Map<String, Object> d) {
        return d == null ? "" : d.entrySet().stream().filter(e -> e.getValue() != null).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Optional<UUID> uuid(String s, String field, String message, List<PageErrors.Item> errors) {
        try {
            return blank(s) ? Optional.empty() : Optional.of(UUID.fromString(s.strip()));
        } catch (IllegalArgumentException e) {
            errors.add(new PageErrors.Item(field, message));
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String s, String field, List<PageErrors.Item> errors) {
        try {
            return blank(s) ? Optional.empty() : Optional.of(LocalDate.parse(s.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new PageErrors.Item(field, (field.equals("from") ? "From" : "To") + " must be a date (YYYY-MM-DD)"));
            return Optional.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** A CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
    static String csvField(String s) {
        if (s == null) {
            return "";
        }
        String v = s.matches("(?s)[=+\\-@\\t\\r].*") ? "'" + s : s;
        return v.matches("(?s).*[\",\\n\\r].*") || !v.equals(s) ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
