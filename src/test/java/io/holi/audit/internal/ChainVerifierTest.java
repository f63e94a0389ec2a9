package io.holi.audit.internal;

import io.holi.audit.ChainReports;
import io.holi.audit.internal.Seals.Seal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash chain's verification as plain Java: synthetic seals and row digests, no database. */
class ChainVerifierTest {

    /** Rows of each batch as the database would digest them now. */
    private final Map<Long, SealedRows.Digest> rows = new HashMap<>();

    /** Batches 1 and 2 sealed in v1 (before the upgrade), the rest in v2, as in a database sealed across releases. */
    private List<Seal> chain(int batches) {
        List<Seal> seals = new ArrayList<>();
        String prev = ChainVerifier.GENESIS;
        for (long b = 1; b <= batches; b++) {
            long after = (b - 1) * 100;
            SealFormat format = b <= 2 ? SealFormat.V1 : SealFormat.V2;
            String rowsSha = ChainVerifier.sha256Hex(("rows of batch " + b).getBytes());
            String digest = ChainVerifier.chainDigest(format, prev, b, after, after + 100, 100, rowsSha);
            seals.add(new Seal(b, after, after + 100, 100, rowsSha, prev, digest, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
                    null, null, null, format));
            rows.put(b, new SealedRows.Digest(100, rowsSha, Instant.EPOCH, Instant.EPOCH));
            prev = digest;
        }
        return seals;
    }

    private ChainVerifier.Outcome verify(List<Seal> seals) {
        return ChainVerifier.verify(seals, s -> rows.get(s.batch()));
    }

    private static Seal with(Seal s, String digest, String prev) {
        return new Seal(s.batch(), s.afterId(), s.lastId(), s.rowCount(), s.rowsSha256(), prev, digest, s.firstTs(), s.lastTs(),
                s.sealedAt(), null, null, null, s.format());
    }

    @Test
    void aChainSealedInV1ThenV2VerifiesAcrossTheChangeAndASealsFormatCannotBeChanged() {
        List<Seal> seals = chain(4);
        assertThat(seals).extracting(Seal::format).containsExactly(SealFormat.V1, SealFormat.V1, SealFormat.V2, SealFormat.V2);
        assertThat(verify(seals).firstBreak()).isEmpty();

        // the same seal claiming the other format no longer matches its digest: v2 hashes its format in
        Seal third = seals.get(2);
        seals.set(2, new Seal(third.batch(), third.afterId(), third.lastId(), third.rowCount(), third.rowsSha256(), third.prevDigest(),
                third.digest(), third.firstTs(), third.lastTs(), third.sealedAt(), null, null, null, SealFormat.V1));
        assertThat(verify(seals).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.batch()).isEqualTo(3);
            assertThat(b.reason()).contains("the seal's digest was altered");
        });
    }

    @Test
    void anIntactChainVerifiesEveryBatchAndRow() {
        ChainVerifier.Outcome o = verify(chain(5));
        assertThat(o.firstBreak()).isEmpty();
        assertThat(o.batches()).isEqualTo(5);
        assertThat(o.rows()).isEqualTo(500);
    }

    @Test
    void deletedInsertedAndChangedRowsNameTheirBatch() {
        List<Seal> seals = chain(4);
        rows.put(3L, new SealedRows.Digest(99, rows.get(3L).sha256(), null, null));
        assertThat(verify(seals).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.batch()).isEqualTo(3);
            assertThat(b.reason()).contains("1 row(s) deleted");
        });
        rows.put(3L, new SealedRows.Digest(101, "x", null, null));
        assertThat(verify(seals).firstBreak().orElseThrow().reason()).contains("1 row(s) inserted");
        rows.put(3L, new SealedRows.Digest(100, "changed", null, null));
        assertThat(verify(seals).firstBreak().orElseThrow().reason()).contains("row contents changed");
    }

    @Test
    void anAlteredSealAGapOrABrokenLinkIsFound() {
        List<Seal> seals = chain(4);
        List<Seal> altered = new ArrayList<>(seals);
        altered.set(1, with(seals.get(1), "f".repeat(64), seals.get(1).prevDigest()));
        assertThat(verify(altered).firstBreak().orElseThrow().reason()).contains("digest was altered");

        List<Seal> gap = new ArrayList<>(seals);
        gap.remove(2);
        assertThat(verify(gap).firstBreak().orElseThrow()).satisfies(b -> {
            assertThat(b.batch()).isEqualTo(4);
            assertThat(b.reason()).contains("the chain has a gap");
        });

        List<Seal> unlinked = new ArrayList<>(seals);
        unlinked.set(2, with(seals.get(2), seals.get(2).digest(), "0".repeat(63) + "1"));
        assertThat(verify(unlinked).firstBreak().orElseThrow().reason()).contains("does not continue the chain");
    }

    @Test
    void aChainThatNoLongerReachesTheHeadKeptOutsideTheDatabaseWasRewritten() {
        List<Seal> seals = chain(3);
        ChainVerifier.Outcome o = verify(seals);
        Seal last = seals.get(2);
        var same = ChainVerifier.compareHead(o, Optional.of(new ChainReports.Head(3, last.lastId(), last.digest(), Instant.EPOCH)), "s3");
        assertThat(same.rewritten()).isEmpty();
        assertThat(same.description()).startsWith("matches the head");
        var other = ChainVerifier.compareHead(o, Optional.of(new ChainReports.Head(3, last.lastId(), "e".repeat(64), Instant.EPOCH)), "s3");
        assertThat(other.rewritten()).hasValueSatisfying(b -> assertThat(b.reason()).contains("history was rewritten"));
        assertThat(ChainVerifier.compareHead(o, Optional.empty(), "s3").description()).isEqualTo("no head in s3 yet");
    }
}
