package io.holi.audit.internal;

import io.holi.audit.ChainReports;
import io.holi.audit.internal.Seals.Seal;
import io.holi.platform.HoliException;
import io.holi.storage.ObjectStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The six-year archive: each sealed batch as gzipped lines (its seal's format) in the object store, checked against its seal before
 * it is committed, and read back (checksum first) to verify a batch whose rows were pruned from the database.
 */
@Component
public class ChainArchiver {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final ObjectStore store;
    private final Seals seals;
    private final JsonMapper json;
    private final TransactionTemplate tx;

    ChainArchiver(JdbcClient jdbc, ObjectStore store, Seals seals, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.store = store;
        this.seals = seals;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Every sealed batch not archived yet; resumes after a crash (a batch is archived once its seal says so). */
    public ChainReports.Archived archive() {
        int batches = 0;
        long rows = 0;
        List<String> objects = new ArrayList<>();
        for (Seal s : seals.unarchived()) {
            String key = "audit/archive/" + DAY.format(s.firstTs() == null ? s.sealedAt() : s.firstTs()) + "/"
                    + String.format("batch-%012d", s.batch()) + s.format().archiveSuffix();
            seals.archived(s.batch(), key, upload(s, key));
            batches++;
            rows += s.rowCount();
            objects.add(key);
        }
        return new ChainReports.Archived(batches, rows, objects);
    }

    private String upload(Seal s, String key) {
        try (ObjectStore.Upload upload = store.upload(key)) {
            MessageDigest gzDigest = MessageDigest.getInstance("SHA-256");
            OutputStream counted = new DigestOutputStream(upload.stream(), gzDigest);
            SealedRows.Digest d;
            try (GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(counted), 1 << 16)) {
                d = tx.execute(status -> SealedRows.writeLines(jdbc, s.format(), s.afterId(), s.lastId(), gz));
            }
            if (d == null || d.count() != s.rowCount() || !d.sha256().equals(s.rowsSha256())) {
                upload.abort();
                throw new HoliException(HoliException.Kind.FAILED, "batch " + s.batch() + " (audit ids " + (s.afterId() + 1) + "-"
                        + s.lastId() + ") no longer matches its seal, so it was not archived: run `holi audit verify`");
            }
            upload.commit();
            String gzSha = HexFormat.of().formatHex(gzDigest.digest());
            store.put(key.replace(s.format().archiveSuffix(), ".seal.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of(
                    "batch", s.batch(), "afterId", s.afterId(), "lastId", s.lastId(), "rowCount", s.rowCount(),
                    "rowsSha256", s.rowsSha256(), "prevDigest", s.prevDigest(), "digest", s.digest(), "objectSha256", gzSha,
                    "format", s.format().description())));
            return gzSha;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new HoliException(HoliException.Kind.UNAVAILABLE, "archiving batch " + s.batch() + " to " + store.describe()
                    + " failed (run again: it resumes): " + e.getMessage(), e);
        }
    }

    /** The rows of a batch as the archive holds them; count -1 (and why, in place of the digest) when it cannot be trusted. */
    public SealedRows.Digest fromArchive(Seal s) {
        if (s.archiveKey() == null) {
            return new SealedRows.Digest(-1, "the rows were pruned but never archived", null, null);
        }
        try (InputStream raw = store.open(s.archiveKey())) {
            byte[] gz = raw.readAllBytes();
            if (!ChainVerifier.sha256Hex(gz).equals(s.archiveSha256())) {
                return new SealedRows.Digest(-1, "archive object " + s.archiveKey() + " was altered", null, null);
            }
            return SealedRows.digestLines(new GZIPInputStream(new ByteArrayInputStream(gz)));
        } catch (IOException e) {
            return new SealedRows.Digest(-1, "archive object " + s.archiveKey() + " cannot be read: " + e.getMessage(), null, null);
        }
    }

    /** An output stream whose close only flushes: the upload is committed, not closed, by its owner. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
