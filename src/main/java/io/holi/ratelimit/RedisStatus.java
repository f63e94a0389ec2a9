package io.holi.ratelimit;

/** What the health endpoint reports for Redis. */
public enum RedisStatus {
    NOT_CONFIGURED("not_configured"), CONNECTED("connected"), DISCONNECTED("disconnected");

    private final String label;

    RedisStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
