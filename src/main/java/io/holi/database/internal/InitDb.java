package io.holi.database.internal;

import io.holi.platform.OsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** initdb for the embedded cluster, run as the postgres user when holi runs as root. */
public final class InitDb {

    private final Path binDir;
    private final String superuser;

    public InitDb(Path binDir, String superuser) {
        this.binDir = binDir;
        this.superuser = superuser;
    }

    /** Initialises {@code target} (created here) with the superuser's password and holi's settings file. */
    public void run(Path target, String superPassword, String settings) throws IOException {
        Files.createDirectories(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        OsProcess.giveToPostgres(target);
        Path pwfile = Files.createTempFile("holi-initdb", ".pw");
        try {
            Files.writeString(pwfile, superPassword);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            OsProcess.giveToPostgres(pwfile);
            List<String> initdb = List.of(binDir.resolve("initdb").toString(), "-D", target.toString(),
                    "-U", superuser, "--auth-local=peer", "--auth-host=scram-sha-256", "--pwfile=" + pwfile,
                    "-E", "UTF8", "--locale=C.UTF-8", "--data-checksums");
            OsProcess.Result r = OsProcess.run(OsProcess.asPostgres(initdb), Duration.ofMinutes(3));
            if (!r.ok()) {
                throw new IOException("initdb failed in " + target + " (exit " + r.exitCode() + "):\n" + r.tail());
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Path conf = target.resolve(ClusterSettings.FILE);
        Files.writeString(conf, settings);
        OsProcess.giveToPostgres(conf);
        Files.writeString(target.resolve("postgresql.conf"),
                "\n# holi's settings for its embedded cluster\ninclude_if_exists = '" + ClusterSettings.FILE + "'\n",
                StandardOpenOption.APPEND);
    }

    /** As root, the server runs as the postgres user, who must be able to walk down to the data directory. */
    public static void checkReachableByPostgres(Path home) throws IOException {
        if (!OsProcess.isRoot()) {
            return;
        }
        for (Path p = home.getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("holi runs PostgreSQL as the 'postgres' user (it refuses to run as root), and that user "
                        + "cannot reach " + home + " because " + p + " is not traversable (mode "
                        + PosixFilePermissions.toString(perms) + "). Choose a HOLI_DATA_DIR elsewhere (e.g. /var/lib/holi) "
                        + "or allow traversal with: chmod o+x " + p);
            }
        }
    }
}
