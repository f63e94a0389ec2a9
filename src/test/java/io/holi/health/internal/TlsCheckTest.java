package io.holi.health.internal;

import io.holi.testing.TempDirs;
import io.holi.health.TlsCertificates;
import io.holi.platform.Check;
import io.holi.platform.OsProcess;
import io.holi.testing.BackgroundProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weekly certificate check against real TLS servers ({@code openssl s_server}) presenting certificates valid for
 * 400, 20 and 3 days, and a port nobody listens on: read as a browser would, judged by the manual's thresholds.
 */
class TlsCheckTest {

    /** A real TLS server presenting a self-signed certificate valid for {@code days}. */
    private static BackgroundProcess tlsServer(Path dir, String name, int days) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        OsProcess.check(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", String.valueOf(days), "-subj", "/CN=" + name + ".clinic.test"), Map.of(), Duration.ofMinutes(10));
        int port = BackgroundProcess.freePort();
        return BackgroundProcess.start("tls-" + name, List.of("openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + port,
                "-cert", cert.toString(), "-key", key.toString(), "-www"), Map.of(), port);
    }

    private static Check weekly(String hosts) {
        return TlsCheck.judge(new TlsCertificates(hosts, new SimpleMeterRegistry()).check(), HealthCheckThresholds.defaults());
    }

    @Test
    void warnsOfACertificateExpiringWithinThirtyDaysAndFailsOnOneAboutToExpireOrUnreachable() throws Exception {
        Path dir = TempDirs.directory("holi-tls");
        try (BackgroundProcess year = tlsServer(dir, "year", 400); BackgroundProcess soon = tlsServer(dir, "soon", 20);
             BackgroundProcess days = tlsServer(dir, "days", 3)) {
            String yearHost = "127.0.0.1:" + year.port();
            String soonHost = "127.0.0.1:" + soon.port();
            Check fine = weekly(yearHost);
            assertThat(fine.status()).isEqualTo(Check.Status.OK);
            assertThat(fine.value()).contains(yearHost + " 399 days");

            Check warned = weekly(yearHost + "," + soonHost);
            assertThat(warned.status()).isEqualTo(Check.Status.WARNING);
            assertThat(warned.value()).contains(soonHost + " 19 days");
            assertThat(warned.advice()).contains("renew (runbook TLS_CERTIFICATE.md)");

            Check failing = weekly(soonHost + ",127.0.0.1:" + days.port());
            assertThat(failing.status()).isEqualTo(Check.Status.FAILURE);
            assertThat(failing.value()).contains("127.0.0.1:" + days.port() + " 2 days");

            int closed = BackgroundProcess.freePort();
            Check unreachable = weekly(yearHost + ",127.0.0.1:" + closed);
            assertThat(unreachable.status()).isEqualTo(Check.Status.FAILURE);
            assertThat(unreachable.value()).contains("127.0.0.1:" + closed + " unreachable");
        }
    }
}
