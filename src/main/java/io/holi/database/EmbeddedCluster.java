package io.holi.database;

import io.holi.platform.DatabaseUrl;
import io.holi.platform.OsProcess;
import io.holi.platform.DataDirectory;
import io.holi.database.internal.ClusterBootstrap;
import io.holi.database.internal.ClusterSettings;
import io.holi.database.internal.InitDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster that holi runs itself, in {@code <home>/postgres}: the embedded default of
 * {@code holi serve}, and the clusters the tests and drills start.
 *
 * <p>The server is started in its own session ({@code setsid}), so a Ctrl-C in the terminal reaches holi,
 * which then stops the server in order, and never the server directly. PostgreSQL's own crash safety
 * covers everything else: a killed holi leaves a running cluster that the next start adopts.
 */
public final class EmbeddedCluster {

    public static final String SUPERUSER = "postgres";
    public static final String APP_ROLE = "holi";
    public static final String APP_DATABASE = "holi";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(150);

    private final DataDirectory home;
    private final PostgresBinaries binaries;
    private final List<String> extraSettings;

    private EmbeddedCluster(DataDirectory home, PostgresBinaries binaries, List<String> extraSettings) {
        this.home = home;
        this.binaries = binaries;
        this.extraSettings = List.copyOf(extraSettings);
    }

    public static EmbeddedCluster at(Path home) {
        return at(home, PostgresBinaries.locate());
    }

    public static EmbeddedCluster at(Path home, PostgresBinaries binaries) {
        return new EmbeddedCluster(new DataDirectory(home), binaries, List.of());
    }

    /** The same cluster with extra postgresql.conf lines, applied when it is initialised. */
    public EmbeddedCluster withSettings(List<String> settings) {
        List<String> all = new ArrayList<>(extraSettings);
        all.addAll(settings);
        return new EmbeddedCluster(home, binaries, all);
    }

    public Path dataDirectory() {
        return home.resolve("postgres");
    }

    public DataDirectory home() {
        return home;
    }

    public PostgresBinaries binaries() {
        return binaries;
    }

    public Path logFile() {
        return home.resolve("logs").resolve("postgres.log");
    }

    public boolean initialized() {
        return Files.exists(dataDirectory().resolve("PG_VERSION"));
    }

    /**
     * Runs initdb once. It works in a staging directory that is renamed into place only when complete,
     * so an interrupted first start never leaves a half-made cluster behind.
     */
    public synchronized void initialize() throws IOException {
        home.create();
        InitDb.checkReachableByPostgres(home.home());
        if (initialized()) {
            return;
        }
        Path staging = home.resolve("postgres.initdb");
        deleteTree(staging);
        new InitDb(binaries.binDir(), SUPERUSER).run(staging, home.secret("postgres-password", 24),
                settings().render(freePort(), socketDirectory()));
        Files.move(staging, dataDirectory(), StandardCopyOption.ATOMIC_MOVE);
        log.info("Initialised a PostgreSQL cluster in {} (binaries: {})", dataDirectory(), binaries.origin());
    }

    /** Unix sockets have a path limit of about 100 bytes: a deep data directory gets its socket in /tmp. */
    public Path socketDirectory() {
        Path preferred = home.resolve("run");
        if (preferred.toString().length() < 80) {
            return preferred;
        }
        return Path.of("/tmp", "holi-" + Integer.toHexString(home.home().toString().hashCode()));
    }

    public boolean running() {
        if (!initialized()) {
            return false;
        }
        try {
            return pgCtl("status").ok();
        } catch (IOException e) {
            return false;
        }
    }

    /** Initialises if needed, starts unless already running, and makes sure the application role exists. */
    public synchronized void start() throws IOException {
        initialize();
        if (!running()) {
            prepareRuntimeDirectories();
            int port = port();
            if (!portFree(port)) {
                int other = freePort();
                log.warn("Port {} of the embedded PostgreSQL is taken by another program; moving it to {}", port, other);
                rewritePort(other);
            }
            OsProcess.Result r = OsProcess.run(inOwnSession(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                    "-D", dataDirectory().toString(), "-l", logFile().toString(), "-w", "-t", "120", "start")), PG_CTL_TIMEOUT);
            if (!r.ok()) {
                throw new IOException("PostgreSQL did not start (data directory " + dataDirectory() + "). "
                        + "Its log says:\n" + logTail() + "\npg_ctl said:\n" + r.tail());
            }
            log.info("Started the embedded PostgreSQL on 127.0.0.1:{}", port());
        }
        bootstrap();
    }

    private void prepareRuntimeDirectories() throws IOException {
        for (Path dir : List.of(socketDirectory(), logFile().getParent())) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            OsProcess.giveToPostgres(dir);
        }
    }

    /** Stops the server (fast shutdown: sessions end, everything committed is kept). */
    public synchronized void stop() throws IOException {
        if (!running()) {
            return;
        }
        OsProcess.Result r = OsProcess.run(inOwnSession(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "120", "stop")), PG_CTL_TIMEOUT);
        if (!r.ok() && running()) {
            throw new IOException("PostgreSQL did not stop: " + r.tail());
        }
        log.info("Stopped the embedded PostgreSQL");
    }

    /**
     * A pg_ctl command run as the postgres user in a session of its own ({@code setsid}, where the machine has it): the
     * server it starts is out of reach of the terminal's Ctrl-C, and a second Ctrl-C while holi stops, sent to holi's
     * process group, cannot end the {@code pg_ctl stop} before it has asked the server to stop.
     */
    private static List<String> inOwnSession(List<String> pgCtl) {
        List<String> command = new ArrayList<>();
        OsProcess.onPath("setsid").ifPresent(s -> command.addAll(List.of(s.toString(), "-w")));
        command.addAll(OsProcess.asPostgres(pgCtl));
        return command;
    }

    private OsProcess.Result pgCtl(String verb) throws IOException {
        return OsProcess.run(OsProcess.asPostgres(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                "-D", dataDirectory().toString(), verb)), Duration.ofSeconds(30));
    }

    public int port() {
        return ClusterSettings.port(dataDirectory());
    }

    private void rewritePort(int port) throws IOException {
        ClusterSettings.rewritePort(dataDirectory(), port);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile() + ")";
        }
    }

    /** The superuser's connection to a database of this cluster. */
    public DatabaseUrl superuser(String database) {
        return DatabaseUrl.of("127.0.0.1", port(), database, SUPERUSER, home.secret("postgres-password", 24));
    }

    /** The application's (non-superuser) connection to its own database. */
    public DatabaseUrl application() {
        return DatabaseUrl.of("127.0.0.1", port(), APP_DATABASE, APP_ROLE, home.secret("db-password", 24));
    }

    public Connection connectAsSuperuser(String database) throws SQLException {
        DatabaseUrl url = superuser(database);
        return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
    }

    private ClusterBootstrap bootstrapper() {
        return new ClusterBootstrap(this::connectAsSuperuser, APP_ROLE, settings().pgAudit());
    }

    private void bootstrap() throws IOException {
        bootstrapper().prepare(home.secret("db-password", 24), APP_DATABASE);
    }

    /** Creates a database owned by the application role (tests and drills use their own). */
    public void createDatabase(String name) throws IOException {
        bootstrapper().createDatabase(name);
    }

    private ClusterSettings settings() {
        return new ClusterSettings(binaries.binDir(), extraSettings);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the whole cluster: only for scratch clusters (tests, drills). */
    public void destroy() throws IOException {
        stop();
        deleteTree(home.home());
        deleteTree(socketDirectory()); // in /tmp when the home's path was too long for a socket's
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Optional<String> setting(String name) {
        try (Connection c = connectAsSuperuser("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting(" + ClusterBootstrap.quote(name) + ", true)")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    public Map<String, String> describe() {
        return Map.of("dataDirectory", dataDirectory().toString(), "port", String.valueOf(port()),
                "binaries", binaries.binDir() + " (" + binaries.origin() + ")");
    }
}
