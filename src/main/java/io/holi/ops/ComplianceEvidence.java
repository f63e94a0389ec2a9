package io.holi.ops;

import io.holi.access.AccessGrants;
import io.holi.access.TemporaryAccess;
import io.holi.audit.AuditChain;
import io.holi.incidents.BreachAssessments;
import io.holi.incidents.Incident;
import io.holi.incidents.IncidentType;
import io.holi.incidents.Incidents;
import io.holi.incidents.Postmortems;
import io.holi.audit.RunOutcome;
import io.holi.audit.ChainReports;
import io.holi.audit.OperationRecords;
import io.holi.audit.OperationRun;
import io.holi.backup.BackupService;
import io.holi.backup.BackupSummary;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.HoliException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The manual's audit preparation bundle (10.2) for a period: every recorded check, backup, drill, review and
 * access change, the access lists, and a fresh verification of the audit chain, in one zip with an index of
 * SHA-256 sums. Counts and identifiers only: no PHI.
 */
@Service
public class ComplianceEvidence {

    public record Bundle(Path file, int entries, long runs) {
    }

    private final OperationRecords operations;
    private final UserService users;
    private final AccessGrants grants;
    private final TemporaryAccess temporaryAccess;
    private final JsonMapper json;
    private final ObjectProvider<AuditChain> chain;
    private final ObjectProvider<BackupService> backups;
    private final ObjectProvider<IncidentRecords> incidents;

    /** The incidents module's services the bundle reads (one provider, not three constructor parameters). */
    @org.springframework.stereotype.Component
    record IncidentRecords(Incidents incidents, BreachAssessments breaches, Postmortems postmortems) {
    }

    ComplianceEvidence(OperationRecords operations, UserService users, AccessGrants grants, TemporaryAccess temporaryAccess,
                       JsonMapper json, ObjectProvider<AuditChain> chain, ObjectProvider<BackupService> backups,
                       ObjectProvider<IncidentRecords> incidents) {
        this.incidents = incidents;
        this.operations = operations;
        this.users = users;
        this.grants = grants;
        this.temporaryAccess = temporaryAccess;
        this.json = json;
        this.chain = chain;
        this.backups = backups;
    }

    public Bundle export(Instant from, Instant to, Path out) {
        if (!from.isBefore(to)) {
            throw HoliException.invalid("--from/--to", "--from must be before --to");
        }
        if (Files.exists(out)) {
            throw HoliException.invalid("--out", out + " exists already: evidence is never overwritten");
        }
        List<OperationRun> runs = new ArrayList<>(operations.since("", from));
        runs.removeIf(r -> !r.startedAt().isBefore(to));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("operation-runs.json", json(runs));
        for (String group : List.of("ops.", "backup.", "pitr.", "audit.", "access.", "secrets.", "maintenance.", "db.", "status.")) {
            List<OperationRun> some = runs.stream().filter(r -> r.kind().startsWith(group)).toList();
            if (!some.isEmpty()) {
                files.put("by-kind/" + group.replace(".", "") + ".json", json(some));
            }
        }
        for (OperationRun r : runs) {
            if (r.kind().equals("audit.review") && r.details().get("report") instanceof String md) {
                files.put("reviews/audit-review-" + r.subject() + ".md", md.getBytes(StandardCharsets.UTF_8));
            }
            if (r.kind().startsWith("ops.") && r.details().get("report") instanceof String text) {
                files.put("checks/" + r.kind() + "-" + r.startedAt().toString().replace(':', '-') + ".txt", text.getBytes(StandardCharsets.UTF_8));
            }
        }
        files.put("access/users.json", json(users.list().stream()
                .sorted(java.util.Comparator.comparing((UserAccount u) -> u.role()).thenComparing(UserAccount::email))
                .map(u -> Map.of("email", u.email(), "name", u.name(), "role", u.role(), "active", u.active(), "created_at", u.createdAt()))
                .toList()));
        files.put("access/grants-summary.json", json(grants.countsByKind()));
        files.put("access/temporary-access.json", json(temporaryAccess.between(from, to)));
        try {
            List<BackupSummary> list = backups.getObject().list();
            files.put("backups.json", json(list));
        } catch (RuntimeException e) {
            files.put("backups.json", json(Map.of("error", String.valueOf(e.getMessage()))));
        }
        int incidentCount = addIncidents(files, from, to);
        ChainReports.Verified v = chain.getObject().verify();
        files.put("audit-chain-verification.json", json(v));

        StringBuilder index = new StringBuilder();
        index.append("# Compliance evidence, ").append(from).append(" to ").append(to).append("\n\n");
        index.append("Generated ").append(Instant.now()).append(" by holi. Manual section 10.2: check runs, backups and restore drills, ")
                .append("reviews, access lists, and the audit trail's hash chain verified at export time (")
                .append(v.ok() ? "intact" : "BROKEN").append(", ").append(v.rows()).append(" rows in ").append(v.batches())
                .append(" sealed batches). The audit rows themselves are archived in the object store (audit/archive/) for six years.\n\n");
        index.append("| file | SHA-256 | bytes |\n|---|---|---|\n");
        for (var e : files.entrySet()) {
            index.append("| ").append(e.getKey()).append(" | ").append(sha256(e.getValue())).append(" | ").append(e.getValue().length).append(" |\n");
        }
        index.append("\nRuns in the period: ").append(runs.size()).append('\n');
        index.append("Incidents open in the period: ").append(incidentCount).append(" (record, public updates, links, action items, ")
                .append("breach assessment and deadlines, postmortem; their timelines are audit records)\n");
        try (OutputStream raw = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(raw)) {
            put(zip, "index.md", index.toString().getBytes(StandardCharsets.UTF_8));
            for (var e : files.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new HoliException(HoliException.Kind.FAILED, "could not write " + out + ": " + e.getMessage(), e);
        }
        operations.record("compliance.evidence", out.getFileName().toString(), Instant.now(), RunOutcome.SUCCESS,
                Map.of("from", from.toString(), "to", to.toString(), "entries", files.size() + 1, "runs", runs.size()));
        return new Bundle(out, files.size() + 1, runs.size());
    }

    /** Every incident open at some time in the period: its record and its postmortem. */
    private int addIncidents(Map<String, byte[]> files, Instant from, Instant to) {
        IncidentRecords in = incidents.getObject();
        int n = 0;
        for (Incident i : in.incidents().since(from)) {
            if (!i.declaredAt().isBefore(to)) {
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("incident", i);
            record.put("publicUpdates", in.incidents().publicUpdates(i.id()));
            record.put("links", in.incidents().links(i.id()));
            record.put("actionItems", in.incidents().actions(i.id()));
            record.put("timelineAuditRecordIds", in.incidents().timeline(i.id()).stream().map(r -> r.id()).toList());
            if (i.type() == IncidentType.SECURITY_PRIVACY) {
                record.put("breachAssessment", in.breaches().report(i.reference()));
            }
            files.put("incidents/" + i.reference() + ".json", json(record));
            files.put("incidents/" + i.reference() + "-postmortem.md", in.postmortems().markdown(i.reference()).getBytes(StandardCharsets.UTF_8));
            n++;
        }
        return n;
    }

    private byte[] json(Object o) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
