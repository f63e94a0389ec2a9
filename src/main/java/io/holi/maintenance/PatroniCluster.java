package io.holi.maintenance;

import io.holi.platform.Check;
import io.holi.platform.HoliException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Patroni-managed PostgreSQL cluster as its members' REST API tells it ({@code GET /cluster}): who leads, on which
 * timeline, which replicas stream, synchronously or not, and how far behind. Asked of the first member that answers,
 * so that it works while any one of them is down.
 */
public record PatroniCluster(String askedAt, List<Member> members) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param lag bytes of WAL behind the leader; null for the leader, or when Patroni does not know */
    public record Member(String name, String role, String state, String host, int port, Integer timeline, Long lag) {

        public boolean leader() {
            return role.equals("leader") || role.equals("standby_leader");
        }

        public boolean synchronous() {
            return role.equals("sync_standby");
        }

        /** Running and following the leader (Patroni 3.0 says "running", later versions "streaming"). */
        public boolean healthy() {
            return state.equals("running") || state.equals("streaming");
        }
    }

    /** Reads the cluster from the first of {@code urls} (Patroni REST API base URLs) that answers. */
    public static PatroniCluster read(List<String> urls) {
        List<String> tried = new ArrayList<>();
        for (String url : urls) {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/cluster")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return parse(base, r.body());
                }
                tried.add(base + " answered " + r.statusCode());
            } catch (IOException | IllegalArgumentException e) {
                tried.add(base + ": " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HoliException(HoliException.Kind.UNAVAILABLE, "interrupted while asking Patroni", e);
            }
        }
        throw new HoliException(HoliException.Kind.UNAVAILABLE, "no Patroni member answered (HOLI_PATRONI_URLS): " + String.join("; ", tried));
    }

    /** The cluster from a {@code /cluster} answer. */
    public static PatroniCluster parse(String askedAt, String json) {
        List<Member> members = new ArrayList<>();
        for (JsonNode m : JSON.readTree(json).path("members")) {
            JsonNode lag = m.path("lag");
            members.add(new Member(m.path("name").asString(), m.path("role").asString(), m.path("state").asString(),
                    m.path("host").asString(), m.path("port").asInt(), m.has("timeline") ? m.get("timeline").asInt() : null,
                    lag.isNumber() ? lag.asLong() : null));
        }
        return new PatroniCluster(askedAt, List.copyOf(members));
    }

    public List<Member> replicas() {
        return members.stream().filter(m -> !m.leader()).toList();
    }

    public Member leaderOrNull() {
        return members.stream().filter(Member::leader).findFirst().orElse(null);
    }

    /** {@code holi db replication}'s table. */
    public DatabaseAdmin.Table table() {
        List<List<String>> rows = members.stream().map(m -> List.of(m.name(), m.role(), m.state(), m.host() + ":" + m.port(),
                m.timeline() == null ? "-" : m.timeline().toString(), m.leader() ? "-" : m.lag() == null ? "unknown" : kb(m.lag()))).toList();
        return new DatabaseAdmin.Table("Patroni cluster (asked " + askedAt + ")", List.of("member", "role", "state", "address", "timeline", "behind"),
                rows, List.of("no leader, a member not running, or lag over 1 MB: runbooks DATABASE_FAILURE.md and REPLICATION_LAG.md"));
    }

    /**
     * The daily check: a leader, every replica running and within {@code maxLagBytes}. A cluster without a replica, or
     * with one down, still serves, but cannot fail over: a warning. No leader: a failure.
     */
    public Check check(String name, long maxLagBytes) {
        String threshold = "a leader; replicas running, < " + maxLagBytes / (1024 * 1024) + " MB behind";
        Member leader = leaderOrNull();
        if (leader == null) {
            return Check.failure(name, "no leader (" + describe() + ")", threshold, "runbook DATABASE_FAILURE.md");
        }
        List<Member> replicas = replicas();
        if (replicas.isEmpty()) {
            return Check.warning(name, "leader " + leader.name() + ", no replica: losing it cannot fail over", threshold,
                    "runbook DATABASE_FAILURE.md (rebuild the replica)");
        }
        List<Member> down = replicas.stream().filter(m -> !m.healthy()).toList();
        if (!down.isEmpty()) {
            return Check.warning(name, describe(), threshold, "runbook REPLICATION_LAG.md: " + down.stream().map(Member::name)
                    .collect(Collectors.joining(", ")) + " not running");
        }
        long worst = replicas.stream().mapToLong(m -> m.lag() == null ? 0 : m.lag()).max().orElse(0);
        if (worst >= maxLagBytes || replicas.stream().anyMatch(m -> m.lag() == null)) {
            return Check.warning(name, describe(), threshold, "runbook REPLICATION_LAG.md");
        }
        return Check.ok(name, describe(), threshold).withFact("leader", leader.name()).withFact("worstLagBytes", worst);
    }

    /** "leader node2 (timeline 3); node1 sync_standby running, 0 KB behind" */
    public String describe() {
        Member leader = leaderOrNull();
        String head = leader == null ? "no leader" : "leader " + leader.name() + (leader.timeline() == null ? "" : " (timeline " + leader.timeline() + ")");
        String rest = replicas().stream().map(m -> m.name() + " " + m.role() + " " + m.state()
                + (m.lag() == null ? "" : ", " + kb(m.lag()) + " behind")).collect(Collectors.joining("; "));
        return rest.isEmpty() ? head : head + "; " + rest;
    }

    private static String kb(long bytes) {
        return String.format(Locale.ROOT, "%d KB", bytes / 1024);
    }
}
