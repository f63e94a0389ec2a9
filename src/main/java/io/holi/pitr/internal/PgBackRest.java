package io.holi.pitr.internal;

import io.holi.platform.OsProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pgbackrest program, run as the postgres system user (it reads the data directory and is run by the archiver). */
public final class PgBackRest {

    private final Path config;
    private final String stanza;

    public PgBackRest(Path config, String stanza) {
        this.config = config;
        this.stanza = stanza;
    }

    public static Path program() {
        return OsProcess.onPath("pgbackrest")
                .or(() -> Optional.of(Path.of("/usr/bin/pgbackrest")).filter(Files::isExecutable))
                .orElseThrow(() -> new IllegalStateException("pgbackrest is not installed: apt-get install pgbackrest "
                        + "(point-in-time recovery runs on it)"));
    }

    /** The archive_command PostgreSQL runs for every completed WAL segment. */
    public String archiveCommand() {
        return program() + " --config=" + config + " --stanza=" + stanza + " archive-push %p";
    }

    public OsProcess.Result run(Duration timeout, String command, String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(program().toString(), "--config=" + config, "--stanza=" + stanza));
        cmd.addAll(List.of(options));
        cmd.add(command);
        return OsProcess.run(OsProcess.asPostgres(cmd), timeout);
    }

    public String check(Duration timeout, String command, String... options) throws IOException {
        OsProcess.Result r = run(timeout, command, options);
        if (!r.ok()) {
            throw new IOException("pgbackrest " + command + " failed (exit " + r.exitCode() + "): " + r.tail());
        }
        return r.output();
    }

    public Path config() {
        return config;
    }

    public String stanza() {
        return stanza;
    }
}
