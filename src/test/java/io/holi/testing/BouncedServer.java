package io.holi.testing;

import io.holi.HoliApplication;
import io.holi.platform.DatabaseUrl;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second shared server, configured as a large clinic would run it: through a real PgBouncer in transaction pooling
 * mode (two server connections) and searching patients from the name index whatever the caller's number of grants
 * (threshold 0). Started once for the test JVM by the first class that asks; the classes that use it hold
 * {@link #LOCK} and take turns.
 */
public final class BouncedServer {

    public static final String LOCK = "holi.bounced-server";
    public static final String ADMIN_EMAIL = "admin@bouncer.test";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static PgBouncer bouncer;
    private static ConfigurableApplicationContext app;

    private BouncedServer() {
    }

    public static synchronized Api api() {
        if (app == null) {
            DatabaseUrl direct = TestPostgres.newDatabase("bouncer");
            PgBouncer started;
            try {
                started = PgBouncer.start(direct, "transaction", 2);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("PgBouncer did not start: " + e.getMessage(), e);
            }
            app = new SpringApplicationBuilder(HoliApplication.class).run(
                    "--server.port=0", "--holi.database.url=" + started.url().toUriWithPassword(),
                    "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS,
                    "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1, "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                    "--holi.auth.admin-email=" + ADMIN_EMAIL, "--holi.auth.admin-password=" + ADMIN_PASSWORD,
                    "--holi.patients.search-grant-driven-limit=0");
            bouncer = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                bouncer.stop();
            }));
        }
        return Api.of(app);
    }

    public static synchronized PgBouncer bouncer() {
        api();
        return bouncer;
    }
}
