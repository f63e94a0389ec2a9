package io.holi.deploy;

import io.holi.testing.TempDirs;
import com.sun.net.httpserver.HttpServer;
import io.holi.platform.OsProcess;
import io.holi.testing.BackgroundProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped load balancer configuration ({@code deploy/nginx/holi.conf}), loaded by a real nginx: it passes
 * {@code nginx -t}, and running it redirects plain HTTP, terminates TLS 1.2 and 1.3 only, sends HSTS, and tells holi
 * the address it saw rather than the one a client claims. Only what cannot exist here is changed: the upstream
 * host names (web-1, web-2) point at a local backend, the ports and the certificate paths at the test's own.
 */
class LoadBalancerConfigTest {

    private static final Path SHIPPED = Path.of("deploy/nginx/holi.conf");

    private static Path dir;
    private static HttpServer backend;
    private static BackgroundProcess nginx;
    private static int http;
    private static int https;
    private static final AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());

    @BeforeAll
    static void start() throws Exception {
        String program = BackgroundProcess.program("nginx", "nginx");
        dir = TempDirs.directory("holi-nginx");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        OsProcess.check(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", tls.resolve("privkey.pem").toString(),
                "-out", tls.resolve("fullchain.pem").toString()), Map.of(), Duration.ofMinutes(10));

        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            seen.set(Map.of("x-forwarded-for", String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For")),
                    "x-forwarded-proto", String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"))));
            byte[] body = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();

        http = BackgroundProcess.freePort();
        https = BackgroundProcess.freePort();
        String site = Files.readString(SHIPPED)
                .replace("web-1:8080", "127.0.0.1:" + backend.getAddress().getPort())
                .replace("web-2:8080", "127.0.0.1:" + backend.getAddress().getPort())
                .replace("/etc/nginx/tls/", tls + "/")
                .replace("listen 80;", "listen 127.0.0.1:" + http + ";")
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;")
                .replaceAll("(?m)^\\s*listen \\[::\\].*$", "");
        Files.writeString(dir.resolve("holi.conf"), site);
        String temp = dir.resolve("temp").toString();
        Files.createDirectories(Path.of(temp));
        Files.writeString(dir.resolve("nginx.conf"), (OsProcess.isRoot() ? "user root;\n" : "") + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    include %1$s/holi.conf;
                }
                """.formatted(dir, temp));

        OsProcess.Result test = OsProcess.run(List.of(program, "-t", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString()), Duration.ofMinutes(10));
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("syntax is ok").contains("test is successful");

        nginx = BackgroundProcess.start("nginx", List.of(program, "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString()), Map.of(), https);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (backend != null) {
            backend.stop(0);
        }
    }

    private static HttpClient client(String... protocols) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(protocols);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void plainHttpOnlyRedirectsToHttps() throws Exception {
        HttpResponse<String> r = client("TLSv1.3").send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http + "/api/patients?query=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith("https://").endsWith("/api/patients?query=x"));
    }

    @Test
    void httpsWithTls12And13ReachesHoliWithHstsAndTheAddressTheBalancerSaw() throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            HttpResponse<String> r = client(protocol).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https + "/api/health"))
                    .header("X-Forwarded-For", "203.0.113.66").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(protocol).isEqualTo(200);
            assertThat(r.body()).contains("healthy");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(h ->
                    assertThat(h).contains("max-age=63072000"));
            // the client's own X-Forwarded-For is replaced, not appended to
            assertThat(seen.get()).containsEntry("x-forwarded-for", "127.0.0.1").containsEntry("x-forwarded-proto", "https");
        }
    }

    @Test
    void onlyTls12AndNewerAreOffered() throws IOException {
        assertThat(Files.readString(SHIPPED)).containsPattern("(?m)^\\s*ssl_protocols TLSv1\\.2 TLSv1\\.3;\\s*$")
                .doesNotContain("TLSv1 ").doesNotContain("TLSv1.1");
    }

    @Test
    void theComposeFileTrustsOnlyTheLoadBalancersOwnAddress() throws IOException {
        String compose = Files.readString(Path.of("deploy/docker-compose.prod.yml"));
        assertThat(compose).contains("HOLI_WEB_TRUSTED_PROXIES: 172.28.0.10").contains("ipv4_address: 172.28.0.10")
                .doesNotContain("172.16.0.0/12").contains("\"443:443\"");
    }
}
