package io.holi.database.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded cluster's own settings, in {@code holi.conf} beside {@code postgresql.conf} (which includes it):
 * where it listens, what it logs, the libraries it preloads (pg_stat_statements, and pgAudit when installed).
 */
public final class ClusterSettings {

    public static final String FILE = "holi.conf";
    private static final Pattern PORT_LINE = Pattern.compile("(?m)^port\\s*=\\s*(\\d+)");

    private final Path libraryDirectory;
    private final List<String> extraSettings;

    /**
     * @param binDir        the PostgreSQL binaries, whose sibling {@code lib} holds the loadable libraries
     * @param extraSettings extra lines, appended after holi's own
     */
    public ClusterSettings(Path binDir, List<String> extraSettings) {
        this.libraryDirectory = binDir.getParent().resolve("lib");
        this.extraSettings = List.copyOf(extraSettings);
    }

    public String render(int port, Path socketDirectory) {
        StringBuilder sb = new StringBuilder();
        sb.append("listen_addresses = '127.0.0.1'\n");
        sb.append("port = ").append(port).append('\n');
        sb.append("unix_socket_directories = '").append(socketDirectory).append("'\n");
        sb.append("max_connections = 100\n");
        sb.append("synchronous_commit = on\n");
        sb.append("wal_level = replica\n");
        sb.append("log_min_duration_statement = 1000\n");
        sb.append("log_line_prefix = '%m [%p] %q%u@%d '\n");
        sb.append("shared_preload_libraries = '").append(String.join(",", preloadLibraries())).append("'\n");
        sb.append("pg_stat_statements.track = top\n");
        if (pgAudit()) {
            // the application's own statements are in audit_logs; pgAudit records what people type
            sb.append("pgaudit.log = 'all'\n");
            sb.append("pgaudit.log_parameter = off\n");
            sb.append("pgaudit.log_relation = on\n");
        }
        extraSettings.forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }

    public boolean pgAudit() {
        return libraryAvailable("pgaudit");
    }

    private List<String> preloadLibraries() {
        List<String> libs = new ArrayList<>(List.of("pg_stat_statements"));
        libs.add("pgaudit");
        return libs.stream().filter(this::libraryAvailable).toList();
    }

    private boolean libraryAvailable(String name) {
        return Files.exists(libraryDirectory.resolve(name + ".so"))
                || Files.exists(libraryDirectory.resolve("postgresql").resolve(name + ".so"));
    }

    /** The port in a data directory's settings file (the last {@code port =} line wins, as in PostgreSQL). */
    public static int port(Path dataDirectory) {
        try {
            Matcher m = PORT_LINE.matcher(Files.readString(dataDirectory.resolve(FILE)));
            int port = 5432;
            while (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster's settings in " + dataDirectory, e);
        }
    }

    public static void rewritePort(Path dataDirectory, int port) throws IOException {
        Path conf = dataDirectory.resolve(FILE);
        Files.writeString(conf, PORT_LINE.matcher(Files.readString(conf)).replaceAll("port = " + port));
    }
}
