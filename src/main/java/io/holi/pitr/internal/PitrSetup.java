package io.holi.pitr.internal;

import io.holi.pitr.PitrProperties;
import io.holi.pitr.PitrReports;
import io.holi.platform.DataDirectory;
import io.holi.database.EmbeddedCluster;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import io.holi.platform.OsProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code holi pitr setup}: pgBackRest's configuration written (mode 0600, owner postgres), WAL archiving turned on in
 * the embedded cluster's settings (or the lines to add printed for an external database), the stanza created and
 * checked.
 */
public final class PitrSetup {

    private static final String BLOCK_START = "# --- point-in-time recovery (holi pitr setup) ---";
    private static final String BLOCK_END = "# --- end of point-in-time recovery ---";

    private final PitrProperties properties;
    private final HoliProperties holi;
    private final HoliDatabase database;
    private final Path configDir;
    private final String repository;
    private final Duration archiveTimeout;
    private final Function<String, Optional<String>> aws;

    public PitrSetup(PitrProperties properties, HoliProperties holi, HoliDatabase database, Path configDir, String repository,
                     Duration archiveTimeout, Function<String, Optional<String>> aws) {
        this.properties = properties;
        this.holi = holi;
        this.database = database;
        this.configDir = configDir;
        this.repository = repository;
        this.archiveTimeout = archiveTimeout;
        this.aws = aws;
    }

    public PitrReports.Setup run(Consumer<String> progress) throws IOException {
        PgBackRest.program();
        Optional<EmbeddedCluster> cluster = database.cluster();
        Path pgPath = cluster.map(EmbeddedCluster::dataDirectory).orElse(properties.pgPath());
        String cipher = cipherPass(cluster.isPresent());
        Path dir = configDir;
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("lock"));
        String repo = repository;
        if (!repo.startsWith("s3://")) {
            Files.createDirectories(Path.of(repo));
            Files.setPosixFilePermissions(Path.of(repo), PosixFilePermissions.fromString("rwx------"));
            OsProcess.giveToPostgres(Path.of(repo));
        }
        Path conf = dir.resolve("pgbackrest.conf");
        Files.deleteIfExists(conf);
        DataDirectory.writePrivate(conf, configFile(repo, cipher, pgPath, cluster));
        for (Path p : List.of(dir, dir.resolve("log"), dir.resolve("lock"), conf)) {
            OsProcess.giveToPostgres(p);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        PgBackRest pgbr = new PgBackRest(configDir.resolve("pgbackrest.conf"), properties.stanza());
        List<String> lines = List.of(
                "archive_mode = on",
                "archive_command = '" + pgbr.archiveCommand().replace("'", "''") + "'",
                "archive_timeout = " + archiveTimeout.toSeconds(),
                "wal_level = replica");
        progress.accept("Wrote " + conf + " (repository " + repo + ", aes-256-cbc encrypted)");
        if (cluster.isEmpty()) {
            List<String> steps = new ArrayList<>();
            steps.add("Copy " + conf + " to the database host (mode 0600, owner postgres), setting pg1-path to its data directory.");
            steps.add("Add the postgresql.conf lines above and restart PostgreSQL (archive_mode needs a restart).");
            steps.add("On the database host, as postgres: pgbackrest --stanza=" + properties.stanza() + " stanza-create");
            steps.add("Then: holi pitr backup --type full, and holi pitr check");
            if (pgPath != null) {
                progress.accept("Creating the stanza for " + pgPath + " ...");
                pgbr.check(Duration.ofMinutes(5), "stanza-create");
                steps.remove(2);
            }
            return new PitrReports.Setup(conf, repo, lines, false, steps);
        }
        applyToEmbedded(cluster.get(), lines, progress);
        progress.accept("Creating the stanza '" + properties.stanza() + "' ...");
        pgbr.check(Duration.ofMinutes(5), "stanza-create");
        progress.accept("Checking that WAL reaches the repository ...");
        pgbr.check(Duration.ofMinutes(5), "check");
        return new PitrReports.Setup(conf, repo, lines, true, List.of("Take the first full backup: holi pitr backup --type full"));
    }

    private String cipherPass(boolean embedded) {
        if (properties.cipherPass() != null && !properties.cipherPass().isBlank()) {
            return properties.cipherPass();
        }
        if (!embedded) {
            throw new HoliException(HoliException.Kind.INVALID, "HOLI_PITR_CIPHER_PASS is not set: the pgBackRest repository "
                    + "is always encrypted. Generate one (openssl rand -base64 48) and keep it with the backup key.");
        }
        return new DataDirectory(holi.dataDir()).secret("pitr-cipher-pass", 48);
    }

    private String configFile(String repo, String cipher, Path pgPath, Optional<EmbeddedCluster> cluster) {
        return new PgBackRestConfig(repo, cipher, properties.retentionDays(), configDir, properties.stanza(), pgPath,
                cluster.map(EmbeddedCluster::port).orElseGet(() -> database.url().port()),
                cluster.map(EmbeddedCluster::socketDirectory), aws.apply("AWS_ENDPOINT_URL"), aws.apply("AWS_REGION").orElse("us-east-1"),
                aws.apply("AWS_CA_BUNDLE"), aws.apply("AWS_ACCESS_KEY_ID"), aws.apply("AWS_SECRET_ACCESS_KEY")).render();
    }

    /** Puts the settings into the embedded cluster's own settings file and restarts it (archive_mode needs that). */
    private void applyToEmbedded(EmbeddedCluster cluster, List<String> lines, Consumer<String> progress) throws IOException {
        Path conf = cluster.dataDirectory().resolve("holi.conf");
        String text = Files.readString(conf);
        int start = text.indexOf(BLOCK_START);
        if (start >= 0) {
            int end = text.indexOf(BLOCK_END, start);
            text = text.substring(0, start) + (end >= 0 ? text.substring(end + BLOCK_END.length()).stripLeading() : "");
        }
        String block = BLOCK_START + "\n" + String.join("\n", lines) + "\n" + BLOCK_END + "\n";
        Files.writeString(conf, text.stripTrailing() + "\n" + block);
        progress.accept("Applied to the embedded cluster's " + conf.getFileName() + "; restarting PostgreSQL to turn archiving on ...");
        cluster.stop();
        cluster.start();
    }
}
