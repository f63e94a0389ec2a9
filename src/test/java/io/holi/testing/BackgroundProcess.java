package io.holi.testing;

import io.holi.platform.OsProcess;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real server program (redis-server, an exporter, prometheus…) run for a test, listening on a port. */
public final class BackgroundProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final String name;

    private BackgroundProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The program, found on the PATH or in the usual Debian places, or a failure naming the package. */
    public static String program(String name, String debianPackage) {
        return OsProcess.onPath(name)
                .or(() -> java.util.stream.Stream.of("/usr/sbin/" + name, "/usr/bin/" + name).map(Path::of)
                        .filter(Files::isExecutable).findFirst())
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: apt-get install " + debianPackage
                        + " (./scripts/test installs it)"));
    }

    public static BackgroundProcess start(String name, List<String> command, Map<String, String> env, int port) {
        try {
            Path log = TempDirs.file("holi-" + name, ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            BackgroundProcess bp = new BackgroundProcess(name, p, log, port);
            bp.awaitListening();
            return bp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        Awaitility.await(name + " listening on " + port).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited: " + log());
                    }
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
