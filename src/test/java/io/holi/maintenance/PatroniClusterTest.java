package io.holi.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.platform.Check;
import org.junit.jupiter.api.Test;

/** The daily check's verdict on a Patroni cluster, from {@code GET /cluster} answers as Patroni 3.0 gives them. */
class PatroniClusterTest {

    private static final long ONE_MB = 1024 * 1024;

    private static PatroniCluster cluster(String members) {
        return PatroniCluster.parse("http://127.0.0.1:8008", "{\"members\": [" + members + "]}");
    }

    private static final String LEADER = """
            {"name": "node2", "role": "leader", "state": "running", "api_url": "http://127.0.0.1:8010/patroni",
             "host": "127.0.0.1", "port": 5433, "timeline": 3}""";

    @Test
    void aLeaderAndAStreamingSynchronousReplicaAreWell() {
        PatroniCluster c = cluster(LEADER + """
                , {"name": "node1", "role": "sync_standby", "state": "streaming", "host": "127.0.0.1", "port": 5432,
                   "timeline": 3, "lag": 2048}""");
        Check check = c.check("Replication lag", ONE_MB);
        assertThat(check.status()).isEqualTo(Check.Status.OK);
        assertThat(check.value()).isEqualTo("leader node2 (timeline 3); node1 sync_standby streaming, 2 KB behind");
        assertThat(c.replicas().get(0).synchronous()).isTrue();
        assertThat(c.table().rows()).containsExactly(
                java.util.List.of("node2", "leader", "running", "127.0.0.1:5433", "3", "-"),
                java.util.List.of("node1", "sync_standby", "streaming", "127.0.0.1:5432", "3", "2 KB"));
    }

    @Test
    void aReplicaBehindTheThresholdOrOfUnknownLagWarns() {
        assertThat(cluster(LEADER + ", {\"name\": \"node1\", \"role\": \"replica\", \"state\": \"running\", \"host\": \"h\", \"port\": 1, "
                + "\"timeline\": 3, \"lag\": 2097152}").check("Replication lag", ONE_MB).status()).isEqualTo(Check.Status.WARNING);
        assertThat(cluster(LEADER + ", {\"name\": \"node1\", \"role\": \"replica\", \"state\": \"running\", \"host\": \"h\", \"port\": 1, "
                + "\"lag\": \"unknown\"}").check("Replication lag", ONE_MB).status()).isEqualTo(Check.Status.WARNING);
    }

    @Test
    void aStoppedReplicaOrNoReplicaWarnsNoLeaderFails() {
        Check stopped = cluster(LEADER + ", {\"name\": \"node1\", \"role\": \"replica\", \"state\": \"stopped\", \"host\": \"h\", \"port\": 1}")
                .check("Replication lag", ONE_MB);
        assertThat(stopped.status()).isEqualTo(Check.Status.WARNING);
        assertThat(stopped.advice()).contains("node1 not running");

        Check alone = cluster(LEADER).check("Replication lag", ONE_MB);
        assertThat(alone.status()).isEqualTo(Check.Status.WARNING);
        assertThat(alone.value()).contains("no replica");

        Check leaderless = cluster("{\"name\": \"node1\", \"role\": \"replica\", \"state\": \"running\", \"host\": \"h\", \"port\": 1}")
                .check("Replication lag", ONE_MB);
        assertThat(leaderless.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(leaderless.value()).startsWith("no leader");
    }
}
