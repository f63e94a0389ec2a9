package io.holi.platform.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Request ids: random (version 4) UUIDs, drawn from a generator of the calling thread's own.
 * <p>
 * {@link UUID#randomUUID()} draws every id in the JVM from one shared {@code SecureRandom} that holds a lock while it
 * hashes and reads {@code /dev/urandom}: every request took that lock. A profile at 64 connections showed request
 * threads queued on it (882 waits of 10 ms or more in 25 s), though that profile was started in the middle of the load,
 * which itself slows the service; without the profiler the change did not move the throughput measurably
 * (bench/README.md). A DRBG per thread, seeded once from the system's entropy, gives ids as unpredictable without
 * a shared lock.
 */
public final class RequestIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no DRBG SecureRandom", e);
        }
    });

    private RequestIds() {
    }

    /** A new random UUID in its usual text form. */
    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
