package io.holi.testing;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;

/**
 * Logback for the test JVM, where several applications start and stop side by side on one logger context: Spring
 * Boot puts each application's environment into that shared context while it configures the console appender, and
 * another application starting or closing at that moment takes it away ("Unable to find Spring Environment in logger
 * context"). Here they configure and clean up one at a time. Chosen by the system property
 * {@code org.springframework.boot.logging.LoggingSystem} (the pom's surefire configuration).
 */
public final class SerialLogbackLoggingSystem extends LogbackLoggingSystem {

    private static final Object ONE_AT_A_TIME = new Object();

    public SerialLogbackLoggingSystem(ClassLoader classLoader) {
        super(classLoader);
    }

    @Override
    public void beforeInitialize() {
        synchronized (ONE_AT_A_TIME) {
            super.beforeInitialize();
        }
    }

    @Override
    public void initialize(LoggingInitializationContext context, String configLocation, LogFile logFile) {
        synchronized (ONE_AT_A_TIME) {
            super.initialize(context, configLocation, logFile);
        }
    }

    @Override
    public void cleanUp() {
        synchronized (ONE_AT_A_TIME) {
            super.cleanUp();
        }
    }
}
