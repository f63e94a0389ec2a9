package io.holi.audit;

import io.holi.audit.internal.AuditRepository;
import io.holi.audit.internal.GroupCommitWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The audit trail. {@link #record} returns only once the record is durable; callers send PHI or a
 * confirmation only after it returns. A successful change's record joins the change's transaction (both commit
 * or neither does); everything else (reads, and every denial or failure, which must survive the rollback that
 * follows it) is group-committed with other requests' records, on its own.
 */
@Service
public class AuditTrail {

    private static final int OUTCOMES = AuditOutcome.values().length;

    private final AuditRepository repository;
    private final GroupCommitWriter writer;
    private final AuditProperties properties;
    private final MeterRegistry meters;

    private final io.micrometer.core.instrument.Counter failures;
    /** audit_logs_total by action and outcome, registered once (a lookup by name and tags per record was measurable). */
    private final AtomicReferenceArray<io.micrometer.core.instrument.Counter> durable =
            new AtomicReferenceArray<>(AuditAction.values().length * OUTCOMES);

    AuditTrail(AuditRepository repository, GroupCommitWriter writer, AuditProperties properties, MeterRegistry meters) {
        this.repository = repository;
        this.writer = writer;
        this.properties = properties;
        this.meters = meters;
        this.failures = io.micrometer.core.instrument.Counter.builder("holi_audit_write_failures")
                .description("Requests refused because their audit record could not be made durable").register(meters);
    }

    /**
     * Makes the event durable.
     *
     * @throws AuditUnavailableException when it cannot; the caller must then answer 503 and reveal nothing
     */
    public void record(AuditEvent event) {
        PhiRoutes.markAudited();
        if (event.outcome() == AuditOutcome.SUCCESS && TransactionSynchronizationManager.isActualTransactionActive()) {
            try {
                repository.insert(event);
            } catch (DataAccessException e) {
                failures.increment();
                throw new AuditUnavailableException(e);
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(event);
                }
            });
            return;
        }
        try {
            writer.submit(event).get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            count(event);
        } catch (ExecutionException e) {
            failures.increment();
            throw new AuditUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            failures.increment();
            throw new AuditUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.increment();
            throw new AuditUnavailableException(e);
        }
    }

    private void count(AuditEvent event) {
        int slot = event.action().ordinal() * OUTCOMES + event.outcome().ordinal();
        io.micrometer.core.instrument.Counter c = durable.get(slot);
        if (c == null) {
            // registering is idempotent, so two threads racing here get the same counter
            c = io.micrometer.core.instrument.Counter.builder("audit_logs").description("Audit records made durable, by action and outcome")
                    .tag("action", event.action().name()).tag("outcome", event.outcome().name()).register(meters);
            durable.set(slot, c);
        }
        c.increment();
    }

    /** Records since an instant, of one action or of all: the business metrics and the daily checks use it. */
    public long countSince(java.util.Optional<AuditAction> action, java.time.Instant since) {
        return repository.countSince(action, since);
    }

    /** Every record about one resource (an incident's timeline), oldest first. */
    public List<AuditRecord> forResource(String resource, UUID id) {
        return repository.forResource(resource, id);
    }

    /** The records with these ids that exist, oldest first. */
    public List<AuditRecord> byIds(Collection<Long> ids) {
        return repository.byIds(ids);
    }

    /** Reads the trail, newest first. The caller records that it did (reading the trail is audited too). */
    public AuditPage search(AuditQuery query) {
        return repository.search(query);
    }
}
