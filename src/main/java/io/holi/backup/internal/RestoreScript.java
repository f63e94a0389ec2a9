package io.holi.backup.internal;

import io.holi.audit.AuditIntegrity;
import io.holi.audit.AuditTables;
import io.holi.backup.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The SQL that wraps a backup's archive as psql streams it into the target: the prologue opens the one
 * transaction and clears what the backup replaces, the epilogue puts carried audit records back, checks every
 * count and the audit trail, and commits. psql's first error is read back as the reason the restore rolled back.
 */
final class RestoreScript {

    static final String CHECK_PREFIX = "holi-restore-check: ";
    static final String COMMITTED = "holi-restore-committed";

    private RestoreScript() {
    }

    /** Before the archive: one transaction; keep what must survive; drop what the backup replaces. */
    static String prologue(BackupRestorer.Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("BEGIN;\n");
        sb.append("SET LOCAL lock_timeout = '60s';\n");
        sb.append("SET LOCAL maintenance_work_mem = '256MB';\n");
        if (plan.carryAuditTrail()) {
            sb.append(AuditTables.keepRecordsAfterSql(plan.manifest().auditMaxId()));
        }
        sb.append("""
                DO $holi_restore_drop$
                DECLARE
                    r record;
                BEGIN
                    FOR r IN SELECT c.oid, c.oid::regclass::text AS name, c.relkind
                               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT c.relispartition
                                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                AND d.objid = c.oid AND d.deptype = 'e')
                              ORDER BY c.relkind = 'S'
                    LOOP
                        IF EXISTS (SELECT 1 FROM pg_class WHERE oid = r.oid) THEN
                            EXECUTE format('DROP %s %s CASCADE', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
                        END IF;
                    END LOOP;
                    FOR r IN SELECT p.oid, p.oid::regprocedure::text AS name, p.prokind
                               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                              WHERE n.nspname = 'public'
                                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                                AND d.objid = p.oid AND d.deptype = 'e')
                    LOOP
                        IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = r.oid) THEN
                            EXECUTE format('DROP %s %s CASCADE', CASE r.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, r.name);
                        END IF;
                    END LOOP;
                    FOR r IN SELECT t.oid, t.oid::regtype::text AS name, t.typtype
                               FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                              WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm', 'c')
                                AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = t.typrelid AND k.relkind = 'c'))
                                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                                AND d.objid = t.oid AND d.deptype = 'e')
                    LOOP
                        IF EXISTS (SELECT 1 FROM pg_type WHERE oid = r.oid) THEN
                            EXECUTE format('DROP %s %s CASCADE', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
                        END IF;
                    END LOOP;
                END
                $holi_restore_drop$;
                """);
        for (String ext : plan.createExtensions()) {
            sb.append("CREATE EXTENSION IF NOT EXISTS ").append(DatabaseFacts.ident(ext)).append(" WITH SCHEMA public;\n");
        }
        if (!plan.keepTargetOps()) {
            sb.append("CREATE SCHEMA IF NOT EXISTS ").append(DatabaseFacts.OPS_SCHEMA).append(";\n");
        }
        return sb.toString();
    }

    /** After the archive: carried records back, protection back, every count and the audit trail checked, commit. */
    static String epilogue(BackupRestorer.Plan plan) {
        Manifest m = plan.manifest();
        boolean hasAudit = m.rowCounts().containsKey(AuditTables.TRAIL);
        StringBuilder sb = new StringBuilder("\n");
        sb.append("SELECT pg_catalog.set_config('search_path', 'public', false);\n");
        if (plan.carryAuditTrail() && hasAudit) {
            sb.append(AuditTables.putRecordsBackSql(plan.auditMonthsBack()));
        }
        if (hasAudit) {
            sb.append(AuditTables.protectSql());
        }
        sb.append("DO $holi_restore_counts$\nDECLARE\n    n bigint;\nBEGIN\n");
        for (Map.Entry<String, Long> e : m.rowCounts().entrySet()) {
            if (plan.keepTargetOps() && e.getKey().startsWith(DatabaseFacts.OPS_SCHEMA + ".")) {
                continue;
            }
            String expected = String.valueOf(e.getValue());
            if (plan.carryAuditTrail() && e.getKey().equals(AuditTables.TRAIL)) {
                expected = e.getValue() + " + " + AuditTables.keptCountSql();
            }
            sb.append("    SELECT count(*) INTO n FROM ").append(DatabaseFacts.quote(e.getKey())).append(";\n");
            sb.append("    IF n <> ").append(expected).append(" THEN\n");
            sb.append("        RAISE EXCEPTION '").append(CHECK_PREFIX).append("% holds % rows after the restore; the backup''s manifest says %', ")
                    .append(DatabaseFacts.literal(e.getKey())).append(", n, ").append(expected).append(";\n");
            sb.append("    END IF;\n");
        }
        sb.append("END\n$holi_restore_counts$;\n");
        if (hasAudit) {
            sb.append(AuditIntegrity.assertionsSql());
        }
        sb.append("COMMIT;\n\\echo ").append(COMMITTED).append('\n');
        return sb.toString();
    }

    static String psqlError(Path err) throws IOException {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        for (String line : lines) {
            int at = line.indexOf("ERROR:");
            if (at >= 0) {
                String message = line.substring(at + "ERROR:".length()).strip();
                message = message.replace(CHECK_PREFIX, "").replace(AuditIntegrity.FAILURE_PREFIX, "the audit trail failed its check: ");
                if (message.contains("No space left on device") || message.contains("could not extend file")) {
                    message = "the target ran out of disk space (" + message + ")";
                }
                return message;
            }
        }
        return lines.isEmpty() ? "psql stopped without saying why" : String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

}
