package io.holi.testing;

import java.util.List;
import java.util.Map;

/** A real redis-server on a free port, that a test can stop and start again (same port). */
public final class RedisServer implements AutoCloseable {

    private final int port = BackgroundProcess.freePort();
    private BackgroundProcess process;

    public RedisServer start() {
        process = BackgroundProcess.start("redis", List.of(BackgroundProcess.program("redis-server", "redis-server"),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--protected-mode", "no"), Map.of(), port);
        return this;
    }

    public void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
