package io.holi.maintenance;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param replicaUrl READ_REPLICA_URL: the read replica whose lag {@code holi db replication} and the daily check measure */
@ConfigurationProperties("holi.ops")
public record ReplicaProperties(String replicaUrl) {

    public boolean configured() {
        return replicaUrl != null && !replicaUrl.isBlank();
    }
}
