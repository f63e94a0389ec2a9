package io.holi.health;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Asks the database for {@code SELECT 1} with a hard deadline, so a health check never hangs on a dead
 * database or an exhausted pool.
 */
@Component
public class DatabaseProbe {

    public record Result(boolean connected, double latencyMillis) {
    }

    private static final Duration DEADLINE = Duration.ofMillis(1500);

    private final DataSource dataSource;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });

    private volatile Result last = new Result(false, 0);

    DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean lastConnected() {
        return probe().connected();
    }

    public double lastLatencyMillis() {
        return last.latencyMillis();
    }

    public Result probe() {
        long start = System.nanoTime();
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                s.execute("SELECT 1");
                return true;
            } catch (Exception e) {
                return false;
            }
        }, executor);
        try {
            boolean ok = check.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            last = new Result(ok, (System.nanoTime() - start) / 1e6);
        } catch (Exception e) {
            check.cancel(true);
            last = new Result(false, (System.nanoTime() - start) / 1e6);
        }
        return last;
    }
}
