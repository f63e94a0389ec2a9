package io.holi.backup.internal;

import io.holi.audit.AuditTables;
import io.holi.audit.AuditIntegrity;
import io.holi.backup.Manifest;
import io.holi.platform.DatabaseUrl;
import io.holi.storage.ObjectStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Restores a backup into a database in ONE transaction: the target's old objects are dropped, the archive is
 * streamed (fetched, decrypted, authenticated) through pg_restore into psql, row counts are compared with the
 * manifest and the audit trail is checked, and only then is it committed. Whatever goes wrong on the way (a
 * damaged object, a wrong key, a full disk, a count that differs) rolls it all back: the target is as before.
 *
 * <p>The target keeps its own {@code holi_ops} schema (maintenance flag, evidence of past operations), and, when
 * it is the live database, the audit records written after the backup was taken: restoring data never rewrites
 * the history of who accessed it.
 */
public final class BackupRestorer {

    /** Extensions that only a superuser creates; they hold statistics and settings, not data. */
    public static final List<String> MONITORING_EXTENSIONS = List.of("pg_stat_statements", "pgaudit");
    public static final String CHECK_PREFIX = "holi-restore-check: ";
    private static final String COMMITTED = "holi-restore-committed";

    public record Plan(Manifest manifest, DatabaseUrl target, boolean keepTargetOps, boolean carryAuditTrail,
                List<String> createExtensions, int auditMonthsBack) {
    }

    public record Result(Map<String, Long> rowCounts, long carriedAuditRecords) {
    }

    /** The restore did not happen; nothing in the target changed. */
    public static final class RolledBack extends IOException {
        RolledBack(String message) {
            super(message);
        }
    }

    private final PgClient pg;
    private final ObjectStore store;

    public BackupRestorer(PgClient pg, ObjectStore store) {
        this.pg = pg;
        this.store = store;
    }

    public Result restore(Plan plan, AgeKeys keys) throws IOException, SQLException {
        Manifest m = plan.manifest();
        long carriedBefore = 0;
        if (plan.carryAuditTrail()) {
            try (Connection c = PgClient.connect(plan.target())) {
                carriedBefore = DatabaseFacts.hasTable(c, AuditTables.TRAIL) ? countAuditAfter(c, m.auditMaxId()) : 0;
            }
        }
        Path psqlOut = Files.createTempFile("holi-restore", ".out");
        Path psqlErr = Files.createTempFile("holi-restore", ".err");
        Path restoreErr = Files.createTempFile("holi-pg_restore", ".err");
        Process psql = null;
        Process pgRestore = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(pg.command("psql", plan.target(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"))
                    .redirectOutput(psqlOut.toFile()).redirectError(psqlErr.toFile());
            pb.environment().putAll(PgClient.env(plan.target()));
            // not "holi-backup": the audit sealer must wait for this transaction (it writes audit rows)
            pb.environment().put("PGAPPNAME", "holi-restore");
            psql = pb.start();
            List<String> restoreArgs = new ArrayList<>(List.of("-f", "-", "--no-owner", "--no-privileges", "-n", "public"));
            if (!plan.keepTargetOps()) {
                restoreArgs.addAll(List.of("-n", DatabaseFacts.OPS_SCHEMA));
            }
            pgRestore = new ProcessBuilder(pg.offline("pg_restore", restoreArgs.toArray(String[]::new)))
                    .redirectError(restoreErr.toFile()).start();

            OutputStream sql = new BufferedOutputStream(psql.getOutputStream(), 1 << 16);
            AtomicReference<Exception> fetchFailure = new AtomicReference<>();
            AtomicReference<String[]> hashes = new AtomicReference<>();
            Process restoreProcess = pgRestore;
            Thread fetch = new Thread(() -> {
                try (InputStream raw = store.open(m.object()); OutputStream archive = restoreProcess.getOutputStream()) {
                    Streams.HashingInput cipher = new Streams.HashingInput(new BufferedInputStream(raw, 1 << 20));
                    Streams.HashingInput plain = new Streams.HashingInput(keys.decrypt(cipher, "backup " + m.id()));
                    plain.transferTo(archive);
                    cipher.drain();
                    hashes.set(new String[]{cipher.hex(), plain.hex()});
                } catch (Exception e) {
                    fetchFailure.set(e);
                    restoreProcess.destroy();
                }
            }, "holi-restore-fetch");
            fetch.setDaemon(true);
            boolean streamed = false;
            try {
                sql.write(prologue(plan).getBytes(StandardCharsets.UTF_8));
                fetch.start();
                pgRestore.getInputStream().transferTo(sql);
                streamed = true;
            } catch (IOException psqlStopped) {
                // psql stopped reading: it met an error, which its own output names
                pgRestore.destroy();
            }
            join(fetch);
            int restoreExit = waitFor(pgRestore);
            String failure = null;
            if (fetchFailure.get() != null) {
                Exception e = fetchFailure.get();
                failure = (e instanceof io.holi.platform.HoliException ? e.getMessage()
                        : "backup object " + m.object() + " could not be read back intact (" + BackupVerifier.rootMessage(e)
                        + "): it has been altered or damaged");
            } else if (streamed && restoreExit != 0) {
                failure = "pg_restore could not read the archive of " + m.id() + ": " + BackupWriter.tail(restoreErr);
            } else if (streamed && hashes.get() != null && !hashes.get()[0].equals(m.ciphertextSha256())) {
                failure = "object " + m.object() + " does not match the SHA-256 in its manifest";
            }
            if (streamed) {
                try {
                    if (failure == null) {
                        sql.write(epilogue(plan).getBytes(StandardCharsets.UTF_8));
                    } else {
                        sql.write("ROLLBACK;\n".getBytes(StandardCharsets.UTF_8));
                    }
                    sql.close();
                } catch (IOException psqlStopped) {
                    // reported from psql's own output below
                }
            } else {
                closeQuietly(sql);
            }
            int psqlExit = waitFor(psql);
            boolean committed = psqlExit == 0 && Files.readString(psqlOut).contains(COMMITTED);
            if (!committed) {
                if (failure == null) {
                    failure = psqlError(psqlErr);
                }
                throw new RolledBack(failure);
            }
        } finally {
            destroy(pgRestore);
            destroy(psql);
            Files.deleteIfExists(psqlOut);
            Files.deleteIfExists(psqlErr);
            Files.deleteIfExists(restoreErr);
        }
        // committed only after every count matched inside the transaction: the restored counts are the expected ones
        Map<String, Long> counts = expectedCounts(plan);
        if (plan.carryAuditTrail() && counts.containsKey(AuditTables.TRAIL)) {
            counts.put(AuditTables.TRAIL, counts.get(AuditTables.TRAIL) + carriedBefore);
        }
        return new Result(counts, carriedBefore);
    }

    private static List<String> restoredTables(Plan plan) {
        return plan.manifest().rowCounts().keySet().stream()
                .filter(t -> !(plan.keepTargetOps() && t.startsWith(DatabaseFacts.OPS_SCHEMA + ".")))
                .toList();
    }

    private static long countAuditAfter(Connection c, long maxId) throws SQLException {
        try (var ps = c.prepareStatement(AuditTables.countAfterSql())) {
            ps.setLong(1, maxId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Before the archive: one transaction; keep what must survive; drop what the backup replaces. */
    public static String prologue(Plan plan) {
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
    public static String epilogue(Plan plan) {
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

    private static String psqlError(Path err) throws IOException {
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

    private static void join(Thread t) throws IOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the process on the other side has gone
        }
    }

    private static void destroy(Process p) {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    public static Map<String, Long> expectedCounts(Plan plan) {
        Map<String, Long> out = new LinkedHashMap<>();
        restoredTables(plan).forEach(t -> out.put(t, plan.manifest().rowCounts().get(t)));
        return out;
    }
}
