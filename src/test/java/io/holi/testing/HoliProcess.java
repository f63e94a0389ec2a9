package io.holi.testing;

import org.awaitility.Awaitility;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code holi.jar} run as a user runs it: its own process (and session, so that a "Ctrl-C" can be
 * sent to the whole process group as a terminal would), its output in a file.
 */
public final class HoliProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;

    private HoliProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("holi.jar", "target/holi.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first (mvn verify does)");
        }
        return jar.toAbsolutePath();
    }

    /** Runs a holi command to completion and returns its exit code and output. */
    public static Api.Response run(Path workDir, Map<String, String> env, String... args) {
        return run(jar(), workDir, env, args);
    }

    /** The same with another copy of holi: the release a deployment runs (the jar unpacked as the image has it). */
    public static Api.Response run(Path jar, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(TestJvm.java("-jar", jar.toString()));
        command.addAll(List.of(args));
        return runCommand(command, workDir, env, "holi " + String.join(" ", args));
    }

    private static Api.Response runCommand(List<String> command, Path workDir, Map<String, String> env, String what) {
        try {
            Path out = TempDirs.file("holi-run", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.startsWith("HOLI_") || k.startsWith("JWT_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not finish in 180 s");
            }
            return new Api.Response(p.exitValue(), null, Files.readString(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The jar unpacked as the image unpacks it (the Dockerfile: {@code java -Djarmode=tools -jar holi.jar extract}), once
     * per test JVM, beside the jar (target/holi-release, about 200 MB: the build's directory, not the machine's /tmp):
     * plain jars, as production runs them. The README's commands keep running {@link #jar()} itself.
     */
    public static synchronized Path release() {
        if (release == null) {
            try {
                Path dir = jar().resolveSibling("holi-release");
                FileSystemUtils.deleteRecursively(dir); // a copy of an earlier build's jar
                Api.Response extract = runCommand(TestJvm.java("-Djarmode=tools", "-jar", jar().toString(), "extract",
                        "--destination", dir.toString()), Path.of("."), Map.of(), "extract");
                if (extract.status() != 0) {
                    throw new IllegalStateException("could not unpack " + jar() + ": " + extract.body());
                }
                release = dir.resolve("holi.jar");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return release;
    }

    private static Path release;

    public static HoliProcess serve(Path workDir, Map<String, String> env, String... options) throws IOException {
        return serve(jar(), workDir, env, options);
    }

    /** {@code holi serve} from another copy of holi: {@link #release()}, as a deployment runs it. */
    public static HoliProcess serve(Path jar, Path workDir, Map<String, String> env, String... options) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("setsid", "env", "--default-signal=INT,TERM"));
        command.addAll(TestJvm.java("-Xmx512m", "-jar", jar.toString(), "serve"));
        command.addAll(List.of(options));
        // its own session, like a service; INT and TERM reset to their default handling, as in a terminal, even
        // when the test run itself was started in the background (a background job ignores INT, and children
        // inherit that: the JVM then never sees Ctrl-C)
        return start(workDir, env, command);
    }

    /**
     * {@code holi serve} as a person starts it in a terminal: {@code script} gives it a pseudo-terminal for its input
     * and output. Stopping the group ends {@code script}, and holi gets the hang-up a closed terminal sends.
     */
    public static HoliProcess serveOnTerminal(Path workDir, Map<String, String> env) throws IOException {
        return start(workDir, env, List.of("setsid", "script", "-qfec", "env --default-signal=INT,TERM "
                + TestJvm.javaLine("-Xmx512m", "-jar", jar().toString(), "serve"), "/dev/null"));
    }

    private static HoliProcess start(Path workDir, Map<String, String> env, List<String> command) throws IOException {
        int port = freePort();
        Path out = Files.createTempFile(workDir, "serve", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.startsWith("HOLI_") || k.startsWith("JWT_"));
        pb.environment().put("HOLI_PORT", String.valueOf(port));
        pb.environment().putAll(env);
        return new HoliProcess(pb.start(), out, port);
    }

    public HoliProcess awaitHealthy() {
        Api api = api();
        Awaitility.await("holi serve healthy on port " + port).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("holi serve exited with " + process.exitValue() + ":\n" + output());
                    }
                    try {
                        return api.get("/api/health", null).status() == 200;
                    } catch (UncheckedIOException notYet) {
                        return false;
                    }
                });
        // Tomcat answers before the start-up finishes; "ready" is the line the process prints once it has
        Awaitility.await("holi serve printed that it is ready").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).until(() -> output().contains("holi is ready on http://localhost:"));
        return this;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal to the whole process group, as a terminal does for Ctrl-C. */
    public void signalGroup(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).inheritIO().start().waitFor();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("holi serve did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
