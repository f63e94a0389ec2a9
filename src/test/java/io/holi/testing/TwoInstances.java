package io.holi.testing;

import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Two holi instances serving from one database and one real Redis, as a clinic runs them behind a load balancer:
 * tight rate limits (RateLimitTest: the limits hold across both) and scheduled jobs every few seconds
 * (SchedulerTest: each due time runs once, whichever instance takes it). Started once for the test JVM by the first
 * class that asks; the classes that use them hold {@link #LOCK} and take turns.
 */
public record TwoInstances(RedisServer redis, DatabaseUrl database, ConfigurableApplicationContext a,
                           ConfigurableApplicationContext b) {

    public static final String LOCK = "holi.two-instances";
    public static final String ADMIN_EMAIL = "admin@limits.test";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final int LOGIN_PER_MINUTE = 3;
    public static final int PER_USER_PER_MINUTE = 6;

    private static TwoInstances started;

    public static synchronized TwoInstances get() {
        if (started == null) {
            RedisServer redis = new RedisServer().start();
            DatabaseUrl db = TestPostgres.newDatabase("two_instances");
            String store;
            try {
                store = TempDirs.directory("holi-two-instances").toUri().toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ConfigurableApplicationContext a = instance(db, redis, store);
            ConfigurableApplicationContext b = instance(db, redis, store);
            started = new TwoInstances(redis, db, a, b);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                a.close();
                b.close();
                redis.close();
            }));
        }
        return started;
    }

    private static ConfigurableApplicationContext instance(DatabaseUrl db, RedisServer redis, String store) {
        return new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT,
                "--holi.health.metrics-token=" + TestKeys.METRICS,
                "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.auth.admin-email=" + ADMIN_EMAIL, "--holi.auth.admin-password=" + ADMIN_PASSWORD,
                "--holi.rate-limit.redis-url=" + redis.url(), "--holi.rate-limit.login-per-minute=" + LOGIN_PER_MINUTE,
                "--holi.rate-limit.per-user-per-minute=" + PER_USER_PER_MINUTE, "--holi.rate-limit.breaker-open=1s",
                "--holi.web.trusted-proxies=127.0.0.1",
                "--holi.ops.schedule.expired-access=*/2 * * * * *", "--holi.ops.schedule.seal-and-archive=*/3 * * * * *",
                "--holi.ops.schedule.daily-checks=-", "--holi.ops.schedule.weekly-checks=-", "--holi.ops.schedule.monthly-checks=-",
                "--holi.ops.schedule.anomalies=-", "--holi.ops.schedule.backup=-", "--holi.ops.schedule.retention=-",
                "--holi.storage.url=" + store);
    }

    public Api apiA() {
        return Api.of(a);
    }

    public Api apiB() {
        return Api.of(b);
    }
}
