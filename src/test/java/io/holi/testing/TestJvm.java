package io.holi.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code java} command for the JVMs the tests start (holi's jar, a command killed midway, S3Proxy). They run
 * for seconds to a few minutes, mostly starting up: the quick JIT compiler only and no bytecode verification, as
 * the test JVM itself ({@code test.jvm.flags} in the pom); what they do is the same, they just spend less CPU
 * compiling and loading classes.
 */
public final class TestJvm {

    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            // classes from javac and Maven Central, not verified again at every start: a holi command's start took
            // 9.5–9.7 s of CPU with verification and 7.1–7.7 s without (holi ops quarterly, two runs each)
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");

    private TestJvm() {
    }

    /** {@code java} of this JVM's installation, then the flags, then the given arguments. */
    public static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(List.of(args));
        return command;
    }

    /** The same as one line for a shell ({@code script -c}); no argument may hold a space. */
    public static String javaLine(String... args) {
        return String.join(" ", java(args));
    }
}
