package io.holi.audit.internal;

import io.holi.audit.ChainReports;
import io.holi.audit.internal.Seals.Seal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recomputes the hash chain from the seals and the rows they cover, and names the first batch that does not hold:
 * a gap, an altered seal, rows deleted, inserted or changed, or a chain that no longer reaches the head kept outside
 * the database. Plain Java: the rows' digests are given to it, from the database or from the archive.
 */
public final class ChainVerifier {

    public static final String GENESIS = "0".repeat(64);

    /** What the verification found: intact or the first break, how much it covered, the recomputed digests by batch. */
    public record Outcome(Optional<ChainReports.Break> firstBreak, long batches, long rows, Map<Long, String> digests) {
    }

    private ChainVerifier() {
    }

    /** The digest of batch {@code batch} continuing the chain at {@code prev}, sealed in {@code format}. */
    public static String chainDigest(SealFormat format, String prev, long batch, long afterId, long lastId, long count, String rowsSha) {
        return sha256Hex(format.chainText(prev, batch, afterId, lastId, count, rowsSha).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Outcome verify(List<Seal> seals, Function<Seal, SealedRows.Digest> rowsOf) {
        String prev = GENESIS;
        long checked = 0;
        long rows = 0;
        long expectedAfter = 0;
        Map<Long, String> recomputed = new LinkedHashMap<>();
        for (Seal s : seals) {
            Optional<String> broken = check(s, prev, checked, expectedAfter, rowsOf);
            if (broken.isPresent()) {
                return new Outcome(Optional.of(new ChainReports.Break(s.batch(), s.afterId(), s.lastId(), broken.get())), checked,
                        rows, recomputed);
            }
            prev = s.digest();
            recomputed.put(s.batch(), prev);
            checked++;
            rows += s.rowCount();
            expectedAfter = s.lastId();
        }
        return new Outcome(Optional.empty(), checked, rows, recomputed);
    }

    private static Optional<String> check(Seal s, String prev, long checked, long expectedAfter, Function<Seal, SealedRows.Digest> rowsOf) {
        if (s.batch() != checked + 1 || s.afterId() != expectedAfter) {
            return Optional.of("the chain has a gap: batch " + (checked + 1) + " covering ids after " + expectedAfter
                    + " is missing or was altered");
        }
        if (!s.prevDigest().equals(prev)) {
            return Optional.of("the seal does not continue the chain (its previous digest was altered)");
        }
        SealedRows.Digest d = rowsOf.apply(s);
        if (d.count() != s.rowCount()) {
            long diff = d.count() - s.rowCount();
            return Optional.of((diff < 0 ? -diff + " row(s) deleted" : diff + " row(s) inserted") + " since it was sealed ("
                    + s.rowCount() + " sealed, " + d.count() + " now)");
        }
        if (!d.sha256().equals(s.rowsSha256())) {
            return Optional.of("row contents changed since it was sealed (same number of rows, different digest)");
        }
        if (!chainDigest(s.format(), prev, s.batch(), s.afterId(), s.lastId(), s.rowCount(), s.rowsSha256()).equals(s.digest())) {
            return Optional.of("the seal's digest was altered");
        }
        return Optional.empty();
    }

    /**
     * How the chain compares with the head kept outside the database, and whether that is a break of its own: a chain
     * that does not reach the stored digest was rewritten and re-sealed.
     */
    public static ChainReports.HeadCheck compareHead(Outcome outcome, Optional<ChainReports.Head> stored, String where) {
        if (stored.isEmpty()) {
            return new ChainReports.HeadCheck(outcome.digests().isEmpty() ? "no chain yet" : "no head in " + where + " yet", Optional.empty());
        }
        ChainReports.Head head = stored.get();
        if (head.digest().equals(outcome.digests().get(head.batch()))) {
            return new ChainReports.HeadCheck("matches the head written to " + where + " (batch " + head.batch() + ")", Optional.empty());
        }
        if (outcome.firstBreak().isPresent() && head.batch() >= outcome.firstBreak().get().batch()) {
            return new ChainReports.HeadCheck("the head in " + where + " (batch " + head.batch() + ") was sealed before the break",
                    Optional.empty());
        }
        return new ChainReports.HeadCheck("DIFFERS from the head written to " + where + " (batch " + head.batch()
                + "): the chain in the database was rewritten", Optional.of(new ChainReports.Break(head.batch(), 0, head.lastId(),
                "the database's chain does not reach the digest stored outside it: history was rewritten and re-sealed")));
    }
}
