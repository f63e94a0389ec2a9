package io.holi.platform.internal;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void idsAreVersionFourUuidsInTheirUsualForm() {
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void threadsDrawDifferentIds() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<Future<?>>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        seen.add(RequestIds.next());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(8 * 20_000);
    }

    @Test
    void everyBitOutsideVersionAndVariantVaries() {
        long orHigh = 0, andHigh = -1, orLow = 0, andLow = -1;
        for (int i = 0; i < 2_000; i++) {
            UUID u = UUID.fromString(RequestIds.next());
            orHigh |= u.getMostSignificantBits();
            andHigh &= u.getMostSignificantBits();
            orLow |= u.getLeastSignificantBits();
            andLow &= u.getLeastSignificantBits();
        }
        // 122 random bits: each is 0 in some id and 1 in another; only the version and variant bits are fixed
        assertThat(orHigh ^ andHigh).isEqualTo(~0x000000000000f000L);
        assertThat(orLow ^ andLow).isEqualTo(~0xc000000000000000L);
    }
}
