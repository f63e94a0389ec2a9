package io.holi.deploy;

import io.holi.testing.TempDirs;
import static org.assertj.core.api.Assertions.assertThat;

import io.holi.maintenance.PatroniCluster;
import io.holi.testing.Api;
import io.holi.testing.HoliProcess;
import io.holi.testing.TestJvm;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The production topology of {@code deploy/local/topology} brought up for real (Patroni in synchronous mode, etcd,
 * HAProxy, PgBouncer, Redis, two holi instances behind nginx with TLS, Prometheus, Alertmanager, pgBackRest), a light
 * steady load of audited reads and writes through nginx, and three of the drills of {@code bench/drills.sh}: a rolling
 * deploy and Redis killed lose no request; the PostgreSQL leader lost (its Patroni and postmaster killed) loses no
 * acknowledged audit record, the old leader rejoins as a replica, and the hash chain still verifies. Timings are the
 * bench's business; this asserts only the properties.
 */
@org.junit.jupiter.api.Order(0) // the longest class: started first (junit-platform.properties)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {

    private static final Path SCRIPT = Path.of("deploy/local/topology").toAbsolutePath();

    private static Path dir;
    private static Map<String, String> env;
    private static Map<String, String> secrets;
    private static HttpClient http;
    private static String base;
    private static Load load;

    @BeforeAll
    static void up() throws Exception {
        dir = TempDirs.directory("holi-topology");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir = dir.resolve("t");
        int port = freeRange();
        env = new HashMap<>(Map.of("HOLI_LOCAL_DIR", dir.toString(), "HOLI_LOCAL_PORT", Integer.toString(port),
                "HOLI_JAR", HoliProcess.jar().toString(),
                "HOLI_JAVA_OPTS", String.join(" ", TestJvm.FLAGS) + " -Xmx384m",
                // the load comes from one address and a few users: the limits are not what is tested here
                "HOLI_RATE_LIMIT_PER_USER_PER_MINUTE", "1000000", "HOLI_RATE_LIMIT_PER_IP_PER_MINUTE", "1000000"));
        topology("up", "--sync");
        secrets = new HashMap<>();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("secrets.env"))) {
            p.load(in);
        }
        p.forEach((k, v) -> secrets.put((String) k, (String) v));
        // HTTP/1.1 as wrk and most API clients speak it (Java 17's HTTP/2 client does not retry the requests a
        // GOAWAY tells it were never processed, which nginx sends when it reloads during the rolling deploy)
        http = client();
        base = "https://localhost:" + (port + 60);
        load = Load.start();
    }

    @AfterAll
    static void down() throws Exception {
        if (load != null) {
            load.stop();
        }
        if (dir != null) {
            topology("down");
        }
    }

    @Test
    @Order(1)
    void aRollingDeployOfBothInstancesFailsNoRequest() throws Exception {
        Load.Window w = load.window();
        Path before = dir.resolve("current").toRealPath();
        topology("deploy");
        load.awaitMoreSuccesses(20);
        Load.Window after = load.window();
        assertThat(after.failedSince(w)).as(load.failures() + "\n" + nginxErrors()).isZero();
        assertThat(after.succeededSince(w)).isPositive();
        // the jar unpacked into a new release, both instances restarted on it, the old release removed
        Path release = dir.resolve("current").toRealPath();
        assertThat(release).isNotEqualTo(before);
        try (var releases = Files.list(dir.resolve("releases"))) {
            assertThat(releases.map(Path::getFileName).toList()).containsExactly(release.getFileName());
        }
        for (String instance : List.of("holi1", "holi2")) {
            String pid = Files.readString(dir.resolve("run/" + instance + ".pid")).trim();
            assertThat(Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ')).as(instance)
                    .contains("-jar " + release.resolve("holi.jar") + " serve");
        }
    }

    @Test
    @Order(2)
    void redisKilledAndRestartedFailsNoRequestTheLimiterFailsOpen() throws Exception {
        Load.Window w = load.window();
        topology("kill", "redis");
        load.awaitMoreSuccesses(50);
        topology("start", "redis");
        load.awaitMoreSuccesses(50);
        assertThat(load.window().failedSince(w)).as(load.failures() + "\n" + nginxErrors()).isZero();
    }

    @Test
    @Order(3)
    void theLeaderLostLosesNoAcknowledgedAuditRecordAndRejoinsAsAReplica() throws Exception {
        String leader = topology("pid", "leader").trim();
        String other = leader.equals("node1") ? "node2" : "node1";
        topology("crash", leader);
        // writes succeed again once the replica is promoted (and PgBouncer reaches it through HAProxy)
        long writesAtCrash = load.writes.get();
        Awaitility.await("writes on the new leader").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> load.writes.get() > writesAtCrash + 10);
        assertThat(topology("pid", "leader").trim()).isEqualTo(other);

        topology("start", leader); // the machine back: Patroni rewinds the old leader and follows the new one
        int rest = Integer.parseInt(env.get("HOLI_LOCAL_PORT")) + (leader.equals("node1") ? 10 : 12);
        Awaitility.await(leader + " a streaming replica").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> ok("http://127.0.0.1:" + rest + "/replica").isPresent());
        load.awaitMoreSuccesses(20);
        load.stop();

        Set<String> acknowledged = load.acknowledged();
        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(missingAuditRecords(acknowledged)).as("request ids answered 2xx without an audit record").isEmpty();

        // the hash chain across the failover: sealed and verified end to end
        Map<String, String> holi = holiEnv();
        assertThat(HoliProcess.run(deployedJar(), dir, holi, "audit", "seal").status()).isZero();
        var verify = HoliProcess.run(deployedJar(), dir, holi, "audit", "verify");
        assertThat(verify.status()).as(verify.body()).isZero();

        // holi's own view of the cluster after the failover: Patroni's leader, timeline and synchronous replica
        Awaitility.await(leader + " the synchronous standby").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> ok("http://127.0.0.1:" + rest + "/cluster").map(body -> PatroniCluster.parse("node " + rest, body))
                        .filter(c -> c.members().stream().anyMatch(m -> m.name().equals(leader) && m.synchronous())).isPresent());
        var replication = HoliProcess.run(deployedJar(), dir, holi, "db", "replication");
        assertThat(replication.status()).as(replication.body()).isZero();
        assertThat(replication.body()).contains("Patroni cluster").containsPattern(other + "\\s+leader\\s+running")
                .containsPattern(leader + "\\s+sync_standby\\s+(running|streaming)");
        var daily = HoliProcess.run(deployedJar(), dir, holi, "ops", "daily");
        assertThat(daily.body().lines().filter(l -> l.matches("^\\S\\s+Replication lag.*")).findFirst().orElseThrow())
                .as(daily.body()).startsWith("✓").contains("leader " + other + " (timeline ").contains(leader + " sync_standby");
    }

    // ---- the load: several clinicians reading patients, writing notes and booking, through nginx ----

    static final class Load {
        /** At most one request per thread this often: about 25 a second from the three threads. */
        static final Duration PACE = Duration.ofMillis(120);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stopping = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        record Window(long ok, long failed) {
            long failedSince(Window w) {
                return failed - w.failed;
            }

            long succeededSince(Window w) {
                return ok - w.ok;
            }
        }

        static Load start() throws Exception {
            Api api = new Api(base, http);
            // the administrator enrols a second factor on first sign-in, as the tests' authenticator app
            String admin = api.login(secrets.get("HOLI_ADMIN_EMAIL"), secrets.get("HOLI_ADMIN_PASSWORD"));
            Load l = new Load();
            for (int u = 0; u < 3; u++) {
                Api.User user = api.createUser(admin, "CLINICIAN");
                String token = api.login(user.email(), user.password());
                List<String> patients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Api.Response created = api.post("/api/patients", token, Map.of("firstName", "Drill" + u, "lastName", "Patient" + i,
                            "dateOfBirth", "1970-01-0" + (i + 1)));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    patients.add(created.json().get("id").asString());
                }
                String clinician = user.id().toString();
                Thread t = new Thread(() -> l.run(token, clinician, patients), "drill-load-" + u);
                t.setDaemon(true);
                l.threads.add(t);
            }
            l.threads.forEach(Thread::start);
            return l;
        }

        private void run(String token, String clinician, List<String> patients) {
            Instant slot = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(400 + ThreadLocalRandom.current().nextInt(1000)));
            int n = 0;
            long next = System.nanoTime();
            while (!stopping.get()) {
                // paced: the property is that no request fails, not how many the machine serves (bench/drills.sh
                // loads it fully); unpaced, the three threads kept the topology busy on most of a core
                next += PACE.toNanos();
                long early = next - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                } else {
                    next = System.nanoTime();
                }
                String patient = patients.get(n % patients.size());
                String method;
                String path;
                Object body;
                switch (n++ % 4) {
                    case 0 -> {
                        method = "POST";
                        path = "/api/patients/" + patient + "/notes";
                        body = Map.of("text", "drill note " + n);
                    }
                    case 1 -> {
                        method = "POST";
                        path = "/api/patients/" + patient + "/appointments";
                        slot = slot.plus(Duration.ofMinutes(30));
                        body = Map.of("startsAt", slot.toString(), "durationMinutes", 15, "clinicianId", clinician);
                    }
                    default -> {
                        method = "GET";
                        path = "/api/patients/" + patient;
                        body = null;
                    }
                }
                try {
                    HttpResponse<String> r = send(method, path, token, body);
                    if (r.statusCode() / 100 == 2) {
                        ok.incrementAndGet();
                        if (method.equals("POST")) {
                            writes.incrementAndGet();
                        }
                        r.headers().firstValue("X-Request-Id").ifPresent(ids::add);
                    } else {
                        fail(method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}") + " -> " + r.statusCode());
                    }
                } catch (IOException e) {
                    fail(method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}") + " -> " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void fail(String what) {
            failed.incrementAndGet();
            failures.add(Instant.now() + " " + what);
        }

        Window window() {
            return new Window(ok.get(), failed.get());
        }

        String failures() {
            synchronized (failures) {
                return String.join("\n", failures.subList(Math.max(0, failures.size() - 20), failures.size()))
                        + "\n(sent again after an idle keep-alive connection closed under them: " + RESENT.get() + ")";
            }
        }

        void awaitMoreSuccesses(int n) {
            long target = ok.get() + n;
            Awaitility.await(n + " more answered requests").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ok.get() >= target);
        }

        Set<String> acknowledged() {
            return Set.copyOf(ids);
        }

        void stop() throws InterruptedException {
            stopping.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
        }
    }

    // ---- helpers ----

    private static Set<String> missingAuditRecords(Set<String> requestIds) throws Exception {
        int primary = Integer.parseInt(env.get("HOLI_LOCAL_PORT")) + 20;
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(requestIds);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + primary + "/holi", "holi",
                secrets.get("POSTGRES_PASSWORD"));
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT request_id FROM audit_logs WHERE request_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getString(1));
                }
            }
        }
        return missing;
    }

    /** holi as the topology runs it: its current release (the jar unpacked, as the image unpacks it). */
    private static Path deployedJar() throws IOException {
        return dir.resolve("current").toRealPath().resolve("holi.jar");
    }

    private static Map<String, String> holiEnv() {
        int port = Integer.parseInt(env.get("HOLI_LOCAL_PORT"));
        Map<String, String> e = new HashMap<>();
        e.put("DATABASE_URL", "postgresql://holi:" + secrets.get("POSTGRES_PASSWORD") + "@127.0.0.1:" + (port + 20) + "/holi");
        for (String k : List.of("JWT_SECRET", "ENCRYPTION_KEY", "HOLI_BLIND_INDEX_KEY", "HOLI_METRICS_TOKEN")) {
            e.put(k, secrets.get(k));
        }
        e.put("HOLI_STORAGE_URL", dir.resolve("objects").toUri().toString());
        e.put("HOLI_PATRONI_URLS", "http://127.0.0.1:" + (port + 10) + ",http://127.0.0.1:" + (port + 12));
        return e;
    }

    /** A client with connections of its own, to nginx over HTTP/1.1 and the topology's TLS. */
    private static HttpClient client() {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(dir.resolve("nginx/tls/fullchain.pem")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException("no client for the topology's TLS: " + e.getMessage(), e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "holi-drills/1.0");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = b.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // As a browser does: a request sent on a kept-alive connection that the server closed as idle (not a
            // byte of answer) was never read, so it is sent once more on a new connection, whatever its method.
            // nginx closes its idle client connections when a reload retires its old workers (the rolling deploy).
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            RESENT.incrementAndGet();
            // on a new connection indeed: the shared client's other idle connections were closed by the same reload
            return client().send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Requests sent again after their kept-alive connection was closed idle under them (see {@link #send}). */
    private static final AtomicLong RESENT = new AtomicLong();

    /** The body of a 200 from one of the topology's own endpoints (Patroni's REST API); empty otherwise. */
    private static Optional<String> ok(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String topology(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("topology " + String.join(" ", args) + ":\n" + out + logs()).isZero();
        return out;
    }

    /** What nginx said about its upstreams (why a request failed), for a failure's message. */
    private static String nginxErrors() {
        try {
            return String.join("\n", Files.readAllLines(dir.resolve("log/nginx.log")).stream()
                    .filter(l -> l.contains("[error]") || l.contains("[warn]")).toList());
        } catch (IOException e) {
            return "(no nginx log: " + e.getMessage() + ")";
        }
    }

    private static String logs() throws IOException {
        Path log = dir.resolve("log");
        if (!Files.isDirectory(log)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(log)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                sb.append("\n--- ").append(f.getFileName()).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return sb.toString();
    }

    /**
     * A base port whose 80 successors are all free on the loopback address, below the kernel's ephemeral range: the
     * topology binds its ports over a minute after they were found free, and meanwhile every connection the suite opens
     * takes a local port from that range (a range chosen inside it once lost PgBouncer's port that way).
     */
    private static int freeRange() {
        int ephemeral = ephemeralPortsFrom();
        int slots = Math.max(1, (ephemeral - 10_000 - 100) / 100);
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 10_000 + ThreadLocalRandom.current().nextInt(slots) * 100;
            boolean free = true;
            for (int p = base; p < base + 80 && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(false);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no 80 free ports in a row on 127.0.0.1");
    }

    /** The first port of the kernel's ephemeral range (Linux: net.ipv4.ip_local_port_range; 32768 by default). */
    private static int ephemeralPortsFrom() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("topology", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
