package io.holi.audit.internal;

import io.holi.audit.AuditEvent;
import io.holi.audit.AuditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Commits many requests' audit records in one transaction: while one batch is being flushed to disk the
 * next one gathers, so the cost of a durable commit is shared instead of paid per request. Each request
 * still waits for the commit that contains its own record.
 */
@Component
public class GroupCommitWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {
    }

    private final AuditRepository repository;
    private final TransactionTemplate transactions;
    private final AuditProperties properties;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    GroupCommitWriter(AuditRepository repository, PlatformTransactionManager transactionManager, AuditProperties properties) {
        this.repository = repository;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    }

    public CompletableFuture<Void> submit(AuditEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            // before start or after stop (a CLI command's last words): write it directly
            try {
                transactions.executeWithoutResult(s -> repository.insertAll(List.of(event)));
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
            return done;
        }
        if (!queue.offer(new Pending(event, done))) {
            done.completeExceptionally(new IllegalStateException("audit queue is full ("
                    + properties.queueCapacity() + " records waiting)"));
        }
        return done;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                flush(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void flush(List<Pending> batch) {
        List<AuditEvent> events = batch.stream().map(Pending::event).toList();
        try {
            transactions.executeWithoutResult(s -> repository.insertAll(events));
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            log.error("Could not commit {} audit records ({}); the requests waiting for them fail with 503",
                    batch.size(), e.getClass().getSimpleName());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < properties.writerThreads(); i++) {
            Thread t = new Thread(this::loop, "audit-writer-" + i);
            t.setDaemon(false);
            t.start();
            threads.add(t);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has drained its requests (higher phases stop first). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
