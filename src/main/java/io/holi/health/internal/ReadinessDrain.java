package io.holi.health.internal;

import io.holi.database.HoliDatabase;
import io.holi.health.HealthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first thing to stop on SIGTERM: readiness turns to "refusing traffic" and the server keeps serving for
 * the drain period, so a load balancer takes the instance out before it stops accepting connections; then the
 * web server finishes the requests in flight (graceful shutdown) and the process exits. Only where there is a web
 * server and a database of its own: a command, or the embedded default, has no load balancer to wait for (every
 * {@code holi} command used to end with the 3 s pause; a closed terminal killed the embedded default mid-drain,
 * leaving its PostgreSQL running).
 */
@Component
@ConditionalOnWebApplication
class ReadinessDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessDrain.class);

    private final ApplicationContext context;
    private final HealthProperties properties;
    private final HoliDatabase database;
    private volatile boolean running;

    ReadinessDrain(ApplicationContext context, HealthProperties properties, HoliDatabase database) {
        this.context = context;
        this.properties = properties;
        this.database = database;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        // the embedded default is one instance on one machine, with no load balancer to wait for: it stops at once,
        // and with it its PostgreSQL (a closed terminal gives a process little time before it is killed)
        if (properties.drain().isZero() || database.mode() == HoliDatabase.Mode.EMBEDDED) {
            return;
        }
        log.info("Shutting down: readiness is now failing; serving for {} s more so load balancers can drain this instance",
                properties.drain().toSeconds());
        try {
            Thread.sleep(properties.drain().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else, the web server included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
