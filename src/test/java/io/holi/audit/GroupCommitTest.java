package io.holi.audit;

import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records outside a change's transaction are committed in groups by the writer threads: the caller returns only once
 * its own record is in the database, each record is there exactly once however many callers commit at once, and a
 * denial's record survives the rollback of the transaction it was made in.
 */
class GroupCommitTest extends ApiTest {

    @Autowired
    AuditTrail trail;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void manyCallersAtOnceEachReturnWithTheirOwnRecordDurableOnce() throws Exception {
        String run = "burst-" + UUID.randomUUID();
        int threads = 32;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String id = run + "-" + thread + "-" + i;
                        trail.record(event(id, AuditOutcome.SUCCESS));
                        // durable when record returns, not later
                        assertThat(recorded(id)).as(id).isEqualTo(1);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE request_id LIKE ?", Long.class, run + "-%"))
                .isEqualTo((long) threads * each);
        assertThat(sql.queryForObject("SELECT count(DISTINCT request_id) FROM audit_logs WHERE request_id LIKE ?", Long.class, run + "-%"))
                .isEqualTo((long) threads * each);
    }

    @Test
    void aDenialRecordedInsideATransactionSurvivesItsRollback() {
        String denied = "denied-" + UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            trail.record(event(denied, AuditOutcome.DENIED));
            status.setRollbackOnly();
        });
        assertThat(recorded(denied)).isEqualTo(1);
    }

    private AuditEvent event(String requestId, AuditOutcome outcome) {
        return new AuditEvent(Instant.now(), AuditAction.READ, outcome, null, "group-commit-test@test.holi", "SYSTEM",
                "Patient", null, null, "127.0.0.1", "GroupCommitTest", requestId, Map.of());
    }

    private long recorded(String requestId) {
        return sql.queryForObject("SELECT count(*) FROM audit_logs WHERE request_id = ?", Long.class, requestId);
    }
}
