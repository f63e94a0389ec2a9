package io.holi.backup.internal;

import io.holi.audit.AuditTables;
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
                sql.write(RestoreScript.prologue(plan).getBytes(StandardCharsets.UTF_8));
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
                        sql.write(RestoreScript.epilogue(plan).getBytes(StandardCharsets.UTF_8));
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
            boolean committed = psqlExit == 0 && Files.readString(psqlOut).contains(RestoreScript.COMMITTED);
            if (!committed) {
                if (failure == null) {
                    failure = RestoreScript.psqlError(psqlErr);
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
