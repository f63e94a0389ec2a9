package io.holi.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param writerThreads  threads committing batches of audit records (each batch is one transaction)
 * @param maxBatch       most records in one commit
 * @param writeTimeout   how long a request waits for its record to be durable before it answers 503
 * @param queueCapacity  records waiting for a writer; when full, requests fail fast with 503
 * @param sealBatchSize  most audit ids in one seal (and one archived object): a tamper is named to this many rows
 */
@ConfigurationProperties("holi.audit")
public record AuditProperties(@DefaultValue("2") int writerThreads, @DefaultValue("512") int maxBatch,
                              @DefaultValue("5s") Duration writeTimeout, @DefaultValue("20000") int queueCapacity,
                              @DefaultValue("50000") int sealBatchSize) {
}
