package io.holi.backup.internal;

import io.holi.backup.Manifest;
import io.holi.storage.ObjectInfo;
import io.holi.storage.ObjectStore;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a backup back the way a restore would: every byte fetched, hashed and decrypted (age authenticates each
 * 64 KiB chunk, so one flipped byte anywhere fails), the archive's table of contents read by pg_restore, and all
 * of it compared with the manifest.
 */
public final class BackupVerifier {

    public record Result(String id, List<String> problems, long ciphertextBytes, long plaintextBytes, int tocEntries) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final PgClient pg;
    private final ObjectStore store;

    public BackupVerifier(PgClient pg, ObjectStore store) {
        this.pg = pg;
        this.store = store;
    }

    public Result verify(Manifest m, AgeKeys keys) throws IOException {
        List<String> problems = new ArrayList<>();
        String object = m.object();
        Optional<ObjectInfo> head = store.head(object);
        if (head.isEmpty()) {
            problems.add("the backup's data object " + object + " is missing from " + store.describe());
            return new Result(m.id(), problems, 0, 0, 0);
        }
        if (head.get().size() != m.ciphertextBytes()) {
            problems.add("object " + object + " is " + head.get().size() + " bytes, its manifest says " + m.ciphertextBytes());
        }
        Path toc = Files.createTempFile("holi-verify", ".toc");
        Process list = new ProcessBuilder(pg.offline("pg_restore", "--list"))
                .redirectOutput(toc.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Streams.HashingInput cipher;
        Streams.HashingInput plain = null;
        try (InputStream raw = store.open(object)) {
            cipher = new Streams.HashingInput(new BufferedInputStream(raw, 1 << 20));
            try {
                plain = new Streams.HashingInput(keys.decrypt(cipher, "backup " + m.id()));
                feed(plain, list.getOutputStream());
                plain.drain();
            } catch (IOException | io.holi.platform.HoliException e) {
                problems.add("object " + object + " does not decrypt" + (plain == null ? "" : " (failed after " + plain.bytes()
                        + " plaintext bytes)") + ": it has been altered or damaged, or was written for another key ("
                        + rootMessage(e) + ")");
            }
            cipher.drain();
        } finally {
            try {
                list.getOutputStream().close();
            } catch (IOException ignored) {
                // pg_restore --list has read what it needs
            }
        }
        int tocEntries = 0;
        try {
            if (!list.waitFor(2, TimeUnit.MINUTES)) {
                list.destroyForcibly();
                problems.add("pg_restore --list did not finish reading " + object);
            } else if (problems.isEmpty() && list.exitValue() != 0) {
                problems.add("pg_restore cannot read the archive in " + object + " (exit " + list.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String contents = Files.readString(toc, StandardCharsets.UTF_8);
        Files.deleteIfExists(toc);
        if (problems.isEmpty()) {
            tocEntries = (int) contents.lines().filter(l -> !l.startsWith(";") && !l.isBlank()).count();
            for (var e : m.rowCounts().entrySet()) {
                String[] st = e.getKey().split("\\.", 2);
                if (!contents.contains(" TABLE " + st[0] + " " + st[1] + " ")
                        && !contents.contains(" TABLE " + st[0] + " " + st[1] + "\n")) {
                    problems.add("table " + e.getKey() + " is in the manifest but not in the archive of " + object);
                }
            }
            if (!cipher.hex().equals(m.ciphertextSha256())) {
                problems.add("object " + object + " has SHA-256 " + cipher.hex() + ", its manifest says " + m.ciphertextSha256());
            }
            if (!plain.hex().equals(m.plaintextSha256()) || plain.bytes() != m.plaintextBytes()) {
                problems.add("the decrypted archive of " + object + " differs from the one the manifest describes (SHA-256 "
                        + plain.hex() + ", " + plain.bytes() + " bytes; manifest: " + m.plaintextSha256() + ", "
                        + m.plaintextBytes() + " bytes)");
            }
        }
        return new Result(m.id(), problems, cipher.bytes(), plain == null ? 0 : plain.bytes(), tocEntries);
    }

    /** Writes into a reader that may stop early (pg_restore --list reads only the table of contents). */
    public static void feed(InputStream in, OutputStream reader) throws IOException {
        byte[] buf = new byte[1 << 16];
        boolean open = true;
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (open) {
                try {
                    reader.write(buf, 0, n);
                } catch (IOException closedByReader) {
                    open = false;
                }
            }
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
