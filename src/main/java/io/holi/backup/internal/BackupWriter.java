package io.holi.backup.internal;

import io.holi.backup.Manifest;
import io.holi.platform.DatabaseUrl;
import io.holi.storage.ObjectStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One logical backup: pg_dump's custom format, read from the pipe, hashed, encrypted with age and streamed into
 * the object store. No plaintext touches the disk. Row counts come from the very snapshot pg_dump dumps, so a
 * restore can be checked exactly. The manifest is written last: until it exists there is no backup.
 */
public final class BackupWriter {

    public static final String FORMAT = "PostgreSQL custom-format archive (pg_dump -Fc), encrypted with age v1 (X25519 recipients)";
    public static final String STOCK_RESTORE = "age -d -i backup-key.txt OBJECT | pg_restore --no-owner --no-privileges -d TARGET_URL";

    private final PgClient pg;
    private final ObjectStore store;

    public BackupWriter(PgClient pg, ObjectStore store) {
        this.pg = pg;
        this.store = store;
    }

    public Manifest write(String id, String kind, DatabaseUrl source, AgeKeys keys, Instant startedAt)
            throws IOException, SQLException {
        try (Connection snap = PgClient.connect(source)) {
            snap.setAutoCommit(false);
            snap.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            snap.setReadOnly(true);
            String snapshot;
            try (Statement s = snap.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            List<String> tables = DatabaseFacts.tables(snap);
            String schemaVersion = DatabaseFacts.schemaVersion(snap).orElse("none");
            String serverVersion = DatabaseFacts.serverVersion(snap);
            List<String> extensions = DatabaseFacts.extensions(snap);
            long auditMaxId = DatabaseFacts.maxAuditId(snap);
            // the counts read the same snapshot pg_dump dumps, on the exporting connection, while pg_dump runs
            java.util.concurrent.CompletableFuture<Map<String, Long>> counting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return DatabaseFacts.rowCounts(snap, tables);
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });

            Path stderr = Files.createTempFile("holi-pg_dump", ".err");
            Process dump = null;
            try (ObjectStore.Upload upload = store.upload(Manifest.objectOf(id))) {
                ProcessBuilder pb = new ProcessBuilder(pg.command("pg_dump", source, "--format=custom",
                        "--snapshot=" + snapshot, "--no-password"))
                        .redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(PgClient.env(source));
                dump = pb.start();
                Streams.Hashing cipherSide = new Streams.Hashing(upload.stream(), false);
                Streams.Hashing plainSide;
                try (OutputStream encrypted = keys.encrypt(cipherSide)) {
                    plainSide = new Streams.Hashing(encrypted, false);
                    dump.getInputStream().transferTo(plainSide);
                }
                int exit = waitFor(dump);
                if (exit != 0) {
                    throw new IOException("pg_dump failed (exit " + exit + "): " + tail(stderr));
                }
                if (plainSide.bytes() == 0) {
                    throw new IOException("pg_dump wrote nothing: " + tail(stderr));
                }
                Map<String, Long> counts;
                try {
                    counts = counting.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw new IOException("counting rows in the backup's snapshot failed: " + e.getCause().getMessage(), e.getCause());
                }
                upload.commit();
                snap.commit();
                Instant finished = Instant.now();
                Map<String, String> tools = new LinkedHashMap<>();
                tools.put("holi", holiVersion());
                tools.put("pg_dump", pg.version("pg_dump"));
                tools.put("encryption", "age v1 (age-encryption.org/v1), X25519 recipients, ChaCha20-Poly1305 payload");
                Manifest manifest = new Manifest(id, Manifest.objectOf(id), FORMAT, STOCK_RESTORE,
                        cipherSide.hex(), cipherSide.bytes(), plainSide.hex(), plainSide.bytes(),
                        keys.recipients(), source.toString(), serverVersion, schemaVersion, counts, auditMaxId, extensions,
                        startedAt, finished, Duration.between(startedAt, finished).toMillis() / 1000.0, tools, kind);
                return manifest;
            } finally {
                if (dump != null && dump.isAlive()) {
                    dump.destroyForcibly();
                }
                if (!counting.isDone()) {
                    try {
                        snap.abort(Runnable::run);
                    } catch (SQLException ignored) {
                        // the connection goes with the failure
                    }
                }
                Files.deleteIfExists(stderr);
            }
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pg_dump was running", e);
        }
    }

    public static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
        } catch (IOException e) {
            return "(no error output)";
        }
    }

    public static String holiVersion() {
        String v = BackupWriter.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
