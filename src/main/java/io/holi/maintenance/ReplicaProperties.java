package io.holi.maintenance;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * @param replicaUrl  READ_REPLICA_URL: the read replica whose lag {@code holi db replication} and the daily check measure
 * @param patroniUrls HOLI_PATRONI_URLS: the REST APIs of a Patroni cluster's members; when set, the leader, replicas,
 *                    timeline and sync state come from Patroni
 */
@ConfigurationProperties("holi.ops")
public record ReplicaProperties(String replicaUrl, List<String> patroniUrls) {

    public ReplicaProperties {
        patroniUrls = patroniUrls == null ? List.of() : patroniUrls.stream().filter(u -> !u.isBlank()).toList();
    }

    public boolean configured() {
        return replicaUrl != null && !replicaUrl.isBlank();
    }

    public boolean patroni() {
        return !patroniUrls.isEmpty();
    }
}
