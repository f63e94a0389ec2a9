package io.holi.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs (initdb, pg_ctl, pg_dump, pgbackrest…) with a deadline and captured output.
 *
 * <p>PostgreSQL refuses to run as root. When this process is root, {@link #asPostgres} runs the
 * program as the {@code postgres} system user through {@code runuser}; otherwise as the current user.
 */
public final class OsProcess {

    public static final String POSTGRES_OS_USER = "postgres";

    private OsProcess() {
    }

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of the output, for error messages. */
        public String tail() {
            String[] lines = output.strip().split("\n");
            int from = Math.max(0, lines.length - 15);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        }
    }

    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The command, prefixed so that it runs as the postgres system user when we are root. */
    public static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", POSTGRES_OS_USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a file or directory to the postgres system user when we are root; does nothing otherwise. */
    public static void giveToPostgres(Path path) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipal owner;
        try {
            owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(POSTGRES_OS_USER);
        } catch (IOException e) {
            throw new IOException("holi runs as root, and PostgreSQL refuses to run as root, but there is no '"
                    + POSTGRES_OS_USER + "' system user to run it as. Create one (useradd --system postgres) "
                    + "or run holi as an ordinary user.", e);
        }
        Files.setOwner(path, owner);
        try {
            var group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(POSTGRES_OS_USER);
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        } catch (IOException ignored) {
            // a postgres user without a postgres group is fine: ownership is what PostgreSQL checks
        }
    }

    public static Result run(List<String> command, Duration timeout) throws IOException {
        return run(command, Map.of(), null, timeout);
    }

    /**
     * Runs the command to completion, output and error merged. The output goes through a temporary
     * file, not a pipe, so that a daemon the command leaves behind cannot keep us waiting on it.
     */
    public static Result run(List<String> command, Map<String, String> env, Path workDir, Duration timeout)
            throws IOException {
        Path out = Files.createTempFile("holi-proc", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.get(0), e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(describe(command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs and fails with the program's own last words when it exits non-zero. */
    public static String check(List<String> command, Map<String, String> env, Duration timeout) throws IOException {
        Result r = run(command, env, null, timeout);
        if (!r.ok()) {
            throw new IOException(describe(command) + " failed (exit " + r.exitCode() + "):\n" + r.tail());
        }
        return r.output();
    }

    /** The program name and verb, never its arguments (they may carry paths or secrets). */
    public static String describe(List<String> command) {
        int i = command.size() > 4 && "runuser".equals(command.get(0)) ? 4 : 0;
        String program = Path.of(command.get(i)).getFileName().toString();
        return "'" + program + "'";
    }

    /** Finds a program on the PATH. */
    public static java.util.Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
