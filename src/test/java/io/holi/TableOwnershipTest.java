package io.holi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table belongs to one module, and only that module's SQL names it: the others ask its API (or, where the
 * dependency runs the other way, an interface it implements). A new table fails this test until it has an owner.
 */
class TableOwnershipTest {

    /** Table (as the migrations create it) → the module that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("users", "identity"),
            Map.entry("user_recovery_codes", "identity"),
            Map.entry("spring_session", "identity"),
            Map.entry("spring_session_attributes", "identity"),
            Map.entry("audit_logs", "audit"),
            Map.entry("holi_ops.audit_seals", "audit"),
            Map.entry("holi_ops.operation_runs", "audit"),
            Map.entry("data_access_grants", "access"),
            Map.entry("holi_ops.temporary_access", "access"),
            Map.entry("patients", "patients"),
            Map.entry("appointments", "scheduling"),
            Map.entry("prescriptions", "prescribing"),
            Map.entry("notes", "notes"),
            Map.entry("note_versions", "notes"),
            Map.entry("crypto_keys", "crypto"),
            Map.entry("holi_ops.maintenance", "platform"),
            Map.entry("holi_ops.scheduled_runs", "ops"),
            Map.entry("holi_ops.status_probes", "status"),
            Map.entry("holi_ops.status_daily", "status"),
            Map.entry("holi_ops.maintenance_windows", "status"),
            Map.entry("reminder_consents", "reminders"),
            Map.entry("reminders", "reminders"),
            Map.entry("holi_ops.incidents", "incidents"),
            Map.entry("holi_ops.incident_updates", "incidents"),
            Map.entry("holi_ops.incident_links", "incidents"),
            Map.entry("holi_ops.incident_actions", "incidents"),
            Map.entry("holi_ops.breach_assessments", "incidents"),
            Map.entry("holi_ops.breach_notifications", "incidents"),
            Map.entry("holi_ops.breach_reminders", "incidents"),
            Map.entry("fhir_clients", "fhir"),
            Map.entry("fhir_client_assertions", "fhir"),
            Map.entry("fhir_exports", "fhir"));

    private static final Path MAIN = Path.of("src/main/java/io/holi");
    private static final Pattern CREATE = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_.]+)");

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyTableOfTheMigrationsHasAnOwningModule() throws IOException {
        TreeSet<String> tables = new TreeSet<>();
        for (Path m : files(Path.of("src/main/resources/db/migration"), ".sql")) {
            Matcher c = CREATE.matcher(Files.readString(m));
            while (c.find()) {
                tables.add(c.group(1));
            }
        }
        assertThat(tables).isNotEmpty();
        assertThat(OWNERS.keySet()).as("tables without an owner in this test").containsAll(tables);
    }

    @Test
    void noModulesSqlNamesAnotherModulesTable() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : files(MAIN, ".java")) {
            Path relative = MAIN.relativize(f);
            String module = relative.getNameCount() > 1 ? relative.getName(0).toString() : "(root)";
            String code = withoutComments(Files.readString(f));
            Matcher m = SQL_NAMING_A_TABLE.matcher(code);
            while (m.find()) {
                String table = (m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3)).toLowerCase(Locale.ROOT);
                String owner = OWNERS.get(table);
                if (!owner.equals(module)) {
                    found.add(relative + ": names " + table + " (owned by " + owner + "): …"
                            + code.substring(Math.max(0, m.start() - 20), Math.min(code.length(), m.end() + 20)).replace('\n', ' ') + "…");
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /**
     * SQL naming any owned table (after FROM, JOIN, INTO, UPDATE, TABLE, EXISTS or ON, or quoted as public.x): one
     * pattern for every table, each file read once. The table is the group that matched: 1 a table of the public
     * schema (optionally written public.x), 2 a table of another schema (holi_ops.x), 3 a quoted 'public.x'.
     */
    private static final Pattern SQL_NAMING_A_TABLE = Pattern.compile("(?i)(?:\\b(?:from|join|into|update|table|exists|on)\\s+"
            + "(?:(?:public\\.)?(" + alternatives(t -> !t.contains(".")) + ")|(" + alternatives(t -> t.contains(".")) + "))"
            + "|['\"]public\\.(" + alternatives(t -> true) + "))\\b(?![/.])");

    private static String alternatives(Predicate<String> which) {
        return OWNERS.keySet().stream().filter(which).map(Pattern::quote).collect(Collectors.joining("|"));
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }
}
