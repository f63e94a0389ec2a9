package io.holi.database;

import io.holi.testing.TempDirs;
import io.holi.platform.DatabaseUrl;
import io.holi.HoliApplication;
import io.holi.testing.Api;
import io.holi.testing.CliRunner;
import io.holi.testing.CliRunner.Run;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manual's 5.2 rotation as one command, against a serving instance under continuous requests. */
class DbPasswordRotationTest {

    @Test
    void theRunningServiceSwitchesWithoutADroppedRequestAndTheOldPasswordIsRejected() throws Exception {
        String role = "rotation_" + ProcessHandle.current().pid();
        DatabaseUrl su = TestPostgres.cluster().superuser("postgres");
        try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'old-password-for-tests'");
            s.execute("CREATE DATABASE " + role + " OWNER " + role);
        }
        DatabaseUrl old = DatabaseUrl.of("127.0.0.1", TestPostgres.cluster().port(), role, role, "old-password-for-tests");
        Path env = TempDirs.file("holi", ".env");
        Files.writeString(env, "JWT_SECRET=kept-as-is\nDATABASE_URL=" + old.toUriWithPassword() + "\nHOLI_PORT=8080\n");

        ConfigurableApplicationContext app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0",
                "--holi.database.url=" + old.toUriWithPassword(), "--holi.secrets.env-file=" + env, "--holi.secrets.watch-every=300ms",
                "--holi.auth.jwt-secret=" + TestKeys.JWT, "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX, "--holi.auth.admin-email=admin@rotate.test",
                "--holi.auth.admin-password=admin-password-for-tests", "--holi.ops.schedule.enabled=false",
                "--holi.rate-limit.per-user-per-minute=1000000", "--holi.rate-limit.per-ip-per-minute=1000000");
        try {
            Api api = Api.of(app);
            String token = api.login("admin@rotate.test", "admin-password-for-tests");
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                while (running.get()) {
                    statuses.add(api.get("/api/users", token).status());
                }
            });
            load.start();

            // --wait is a deadline, not a pause: the command returns as soon as every instance has switched, which
            // on a loaded machine can take longer than on a quiet one
            Run rotate = CliRunner.run(Map.of("holi.database.url", old.toUriWithPassword(), "holi.secrets.env-file", env.toString(),
                    "holi.crypto.encryption-key", TestKeys.FIELD_V1, "holi.crypto.blind-index-key", TestKeys.BLIND_INDEX),
                    "", "secrets", "rotate-db-password", "--wait", "10m");
            running.set(false);
            load.join();

            assertThat(rotate.exitCode()).as(rotate.all()).isZero();
            assertThat(rotate.out()).contains("every running instance now connects with the new password")
                    .contains("the old password is rejected").doesNotContain("old-password-for-tests");
            assertThat(statuses).hasSizeGreaterThan(20).containsOnly(200);

            String text = Files.readString(env);
            assertThat(text).contains("JWT_SECRET=kept-as-is").contains("HOLI_PORT=8080").doesNotContain("old-password-for-tests");
            DatabaseUrl rotated = DatabasePasswords.readEnvFile(env).orElseThrow();
            assertThatThrownBy(() -> DriverManager.getConnection(old.jdbcUrl(), old.username(), old.password()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection c = DriverManager.getConnection(rotated.jdbcUrl(), rotated.username(), rotated.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
            // every connection the service holds now was opened with the new password, and new ones are too
            try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.username(), su.password()); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'");
            }
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> api.get("/api/users", token).status() == 200);
            assertThat(Files.getPosixFilePermissions(env)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } finally {
            app.close();
        }
    }
}
