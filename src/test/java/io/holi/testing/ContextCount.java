package io.holi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;

/**
 * Counts the Spring application contexts the suite starts in its JVM (test contexts, the CLI's contexts, the
 * servers tests start), by the test class that started them, and prints the count when the suite ends (also into
 * {@code target/context-count.txt}). Contexts are the suite's main cost: this keeps it honest.
 */
public final class ContextCount implements TestExecutionListener {

    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final Map<String, AtomicInteger> BY_CLASS = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> CURRENT_CLASS = new InheritableThreadLocal<>() {
        @Override
        protected String initialValue() {
            return "(outside a test class)";
        }
    };

    /** Registered in META-INF/spring.factories of the tests: SpringApplication calls it for every context it starts. */
    public static final class Listener implements SpringApplicationRunListener {

        public Listener(SpringApplication application, String[] args) {
        }

        @Override
        public void starting(ConfigurableBootstrapContext bootstrapContext) {
            STARTED.incrementAndGet();
            BY_CLASS.computeIfAbsent(CURRENT_CLASS.get(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    public static int started() {
        return STARTED.get();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        test.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .ifPresent(c -> CURRENT_CLASS.set(c.getClassName().replace("io.holi.", "")));
    }

    /** The test class running on this thread (and the threads it started). */
    static String currentClass() {
        return CURRENT_CLASS.get();
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        test.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .ifPresent(c -> CliRunner.closeContextsOf(c.getClassName().replace("io.holi.", "")));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (STARTED.get() == 0) {
            return;
        }
        StringBuilder report = new StringBuilder("Application contexts started in the test JVM: " + STARTED.get() + "\n");
        new TreeMap<>(BY_CLASS).forEach((k, v) -> report.append(String.format("  %3d  %s%n", v.get(), k)));
        System.out.print(report);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("context-count.txt"), report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
