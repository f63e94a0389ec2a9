package io.holi.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern PORT_LINE = Pattern.compile("(?m)^port\\s*=\\s*(\\d+)");

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
        checkReachableByPostgres();
        if (initialized()) {
            return;
        }
        Path staging = home.resolve("postgres.initdb");
        deleteTree(staging);
        Files.createDirectories(staging);
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwx------"));
        OsProcess.giveToPostgres(staging);

        String superPassword = home.secret("postgres-password", 24);
        Path pwfile = Files.createTempFile("holi-initdb", ".pw");
        try {
            Files.writeString(pwfile, superPassword);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            OsProcess.giveToPostgres(pwfile);
            List<String> initdb = List.of(binaries.binDir().resolve("initdb").toString(), "-D", staging.toString(),
                    "-U", SUPERUSER, "--auth-local=peer", "--auth-host=scram-sha-256", "--pwfile=" + pwfile,
                    "-E", "UTF8", "--locale=C.UTF-8", "--data-checksums");
            OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(initdb), Duration.ofMinutes(3));
            if (!r.ok()) {
                throw new IOException("initdb failed in " + staging + " (exit " + r.exitCode() + "):\n" + r.tail());
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Path conf = staging.resolve("holi.conf");
        Files.writeString(conf, settingsFile(freePort()));
        OsProcess.giveToPostgres(conf);
        Files.writeString(staging.resolve("postgresql.conf"),
                "\n# holi's settings for its embedded cluster\ninclude_if_exists = 'holi.conf'\n",
                StandardOpenOption.APPEND);
        Files.move(staging, dataDirectory(), StandardCopyOption.ATOMIC_MOVE);
        log.info("Initialised a PostgreSQL cluster in {} (binaries: {})", dataDirectory(), binaries.origin());
    }

    /** As root, the server runs as the postgres user, who must be able to walk down to the data directory. */
    private void checkReachableByPostgres() throws IOException {
        if (!OsProcess.isRoot()) {
            return;
        }
        for (Path p = home.home().getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("holi runs PostgreSQL as the 'postgres' user (it refuses to run as root), and that user "
                        + "cannot reach " + home.home() + " because " + p + " is not traversable (mode "
                        + PosixFilePermissions.toString(perms) + "). Choose a HOLI_DATA_DIR elsewhere (e.g. /var/lib/holi) "
                        + "or allow traversal with: chmod o+x " + p);
            }
        }
    }

    private String settingsFile(int port) {
        StringBuilder sb = new StringBuilder();
        sb.append("listen_addresses = '127.0.0.1'\n");
        sb.append("port = ").append(port).append('\n');
        sb.append("unix_socket_directories = '").append(socketDirectory()).append("'\n");
        sb.append("max_connections = 100\n");
        sb.append("synchronous_commit = on\n");
        sb.append("wal_level = replica\n");
        sb.append("log_min_duration_statement = 1000\n");
        sb.append("log_line_prefix = '%m [%p] %q%u@%d '\n");
        sb.append("shared_preload_libraries = '").append(String.join(",", preloadLibraries())).append("'\n");
        sb.append("pg_stat_statements.track = top\n");
        if (preloadLibraries().contains("pgaudit")) {
            // the application's own statements are in audit_logs; pgAudit records what people type
            sb.append("pgaudit.log = 'all'\n");
            sb.append("pgaudit.log_parameter = off\n");
            sb.append("pgaudit.log_relation = on\n");
        }
        extraSettings.forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    private List<String> preloadLibraries() {
        List<String> libs = new ArrayList<>(List.of("pg_stat_statements"));
        if (libraryAvailable("pgaudit")) {
            libs.add("pgaudit");
        }
        return libs.stream().filter(this::libraryAvailable).toList();
    }

    private boolean libraryAvailable(String name) {
        Path lib = binaries.binDir().getParent().resolve("lib");
        return Files.exists(lib.resolve(name + ".so")) || Files.exists(lib.resolve("postgresql").resolve(name + ".so"));
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
            List<String> start = new ArrayList<>();
            OsProcess.onPath("setsid").ifPresent(s -> start.addAll(List.of(s.toString(), "-w")));
            start.addAll(OsProcess.asPostgres(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                    "-D", dataDirectory().toString(), "-l", logFile().toString(), "-w", "-t", "120", "start")));
            OsProcess.Result r = OsProcess.run(start, PG_CTL_TIMEOUT);
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
        OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "120", "stop")), PG_CTL_TIMEOUT);
        if (!r.ok() && running()) {
            throw new IOException("PostgreSQL did not stop: " + r.tail());
        }
        log.info("Stopped the embedded PostgreSQL");
    }

    private OsProcess.Result pgCtl(String verb) throws IOException {
        return OsProcess.run(OsProcess.asPostgres(List.of(binaries.binDir().resolve("pg_ctl").toString(),
                "-D", dataDirectory().toString(), verb)), Duration.ofSeconds(30));
    }

    public int port() {
        try {
            Matcher m = PORT_LINE.matcher(Files.readString(dataDirectory().resolve("holi.conf")));
            int port = 5432;
            while (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster's settings in " + dataDirectory(), e);
        }
    }

    private void rewritePort(int port) throws IOException {
        Path conf = dataDirectory().resolve("holi.conf");
        String text = Files.readString(conf);
        Files.writeString(conf, PORT_LINE.matcher(text).replaceAll("port = " + port));
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

    /**
     * The application role: no superuser, owner of its database, allowed to read statistics and to
     * create the expiring roles of {@code holi access grant-temp}.
     */
    private void bootstrap() throws IOException {
        String appPassword = home.secret("db-password", 24);
        try (Connection c = connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            boolean roleExists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'")) {
                roleExists = rs.next();
            }
            String verb = roleExists ? "ALTER" : "CREATE";
            s.execute(verb + " ROLE " + APP_ROLE + " LOGIN CREATEROLE PASSWORD " + quote(appPassword));
            // statistics for the checks; ending the sessions of expired temporary roles (holi access revoke-expired)
            s.execute("GRANT pg_monitor, pg_signal_backend TO " + APP_ROLE);
            createDatabase(s, APP_DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not prepare the application role in the embedded PostgreSQL: " + e.getMessage(), e);
        }
        installExtensions(APP_DATABASE);
    }

    /** Creates a database owned by the application role (tests and drills use their own). */
    public void createDatabase(String name) throws IOException {
        try (Connection c = connectAsSuperuser("postgres"); Statement s = c.createStatement()) {
            createDatabase(s, name);
        } catch (SQLException e) {
            throw new IOException("could not create database " + name + ": " + e.getMessage(), e);
        }
        installExtensions(name);
    }

    private static void createDatabase(Statement s, String name) throws SQLException {
        try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + quote(name))) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\" OWNER " + APP_ROLE);
            }
        }
    }

    /** Extensions that only a superuser may create; the application's migrations create the trusted ones. */
    private void installExtensions(String database) throws IOException {
        try (Connection c = connectAsSuperuser(database); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            if (preloadLibraries().contains("pgaudit")) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pgaudit");
                // the application role's statements are audited by holi itself, in audit_logs
                s.execute("ALTER ROLE " + APP_ROLE + " SET pgaudit.log = 'none'");
            }
        } catch (SQLException e) {
            throw new IOException("could not install extensions in " + database + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
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
             var rs = s.executeQuery("SELECT current_setting(" + quote(name) + ", true)")) {
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
