package io.holi.testing;

import io.holi.identity.internal.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/**
 * The authenticator app of the test users: the TOTP secrets they enrolled, by email, and the next code each may
 * use. holi accepts a code once (its time step must be later than the last one accepted), so consecutive sign-ins of
 * one user take the next step, and wait for the clock only when now's and the next are used up.
 */
public final class TestMfa {

    private static final Map<String, byte[]> SECRETS = new ConcurrentHashMap<>();
    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();

    private TestMfa() {
    }

    public static void enrolled(String email, String base32Secret) {
        String key = email.toLowerCase(Locale.ROOT);
        SECRETS.put(key, Totp.fromBase32(base32Secret));
        LAST_STEP.remove(key);
    }

    public static boolean knows(String email) {
        return SECRETS.containsKey(email.toLowerCase(Locale.ROOT));
    }

    /** A code holi has not seen for this user: now's step, or the next one when now's is used. */
    public static synchronized String nextCode(String email) {
        String key = email.toLowerCase(Locale.ROOT);
        byte[] secret = SECRETS.get(key);
        if (secret == null) {
            throw new IllegalStateException("no authenticator app enrolled for " + email + " in these tests");
        }
        long last = LAST_STEP.getOrDefault(key, Long.MIN_VALUE);
        Awaitility.await("a TOTP step after the last one used by " + email).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200)).until(() -> Totp.step(Instant.now()) >= last);
        // now's step or the next one, never the previous: if the clock passes a step boundary before holi checks the
        // code, holi's window (a step either side of its now) must still hold it
        long current = Totp.step(Instant.now());
        long step = Math.max(current, last + 1);
        LAST_STEP.put(key, step);
        return Totp.code(secret, Instant.ofEpochSecond(step * 30));
    }

    /** The code for a step the app shows now, without claiming it (for a test that replays a code on purpose). */
    public static String currentCode(String email) {
        return Totp.code(SECRETS.get(email.toLowerCase(Locale.ROOT)), Instant.now());
    }
}
