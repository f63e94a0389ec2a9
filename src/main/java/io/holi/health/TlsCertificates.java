package io.holi.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the TLS certificates of the clinic's hosts ({@code HOLI_TLS_HOSTS}, e.g. {@code api.example.org:443})
 * expire: checked hourly, exported as {@code holi_tls_certificate_expiry_timestamp_seconds{host}} for the
 * alert, and reported by {@code holi ops weekly}. The manual's step is {@code openssl s_client … | openssl x509 -dates}.
 */
@Service
public class TlsCertificates {

    private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);

    /** A host's leaf certificate, or why it could not be read. */
    public record Result(String host, Optional<Instant> notAfter, Optional<String> subject, Optional<String> error) {
        public long daysLeft() {
            return notAfter.map(n -> Duration.between(Instant.now(), n).toDays()).orElse(-1L);
        }
    }

    private final List<String> hosts;
    private final Map<String, Double> expiry = new ConcurrentHashMap<>();

    public TlsCertificates(@Value("${holi.tls.hosts:}") String hosts, MeterRegistry meters) {
        this.hosts = Arrays.stream(hosts.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        for (String h : this.hosts) {
            Gauge.builder("holi_tls_certificate_expiry_timestamp_seconds", expiry, m -> m.getOrDefault(h, Double.NaN))
                    .description("When the host's TLS certificate expires (Unix time)").tag("host", h).register(meters);
        }
    }

    public List<String> hosts() {
        return hosts;
    }

    @Scheduled(fixedDelayString = "${holi.tls.check-interval:1h}", initialDelay = 5_000)
    void refresh() {
        check();
    }

    public List<Result> check() {
        List<Result> results = new ArrayList<>();
        for (String h : hosts) {
            Result r = probe(h);
            r.notAfter().ifPresent(n -> expiry.put(h, (double) n.getEpochSecond()));
            r.error().ifPresent(e -> log.warn("TLS certificate of {} could not be read: {}", h, e));
            results.add(r);
        }
        return results;
    }

    static Result probe(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon > 0 ? hostAndPort.substring(0, colon) : hostAndPort;
        int port = colon > 0 ? Integer.parseInt(hostAndPort.substring(colon + 1)) : 443;
        try {
            // we read the certificate, whoever signed it: a self-signed one expires too
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(5_000);
                var params = socket.getSSLParameters();
                params.setServerNames(List.of(new javax.net.ssl.SNIHostName(host.equals("127.0.0.1") ? "localhost" : host)));
                socket.setSSLParameters(params);
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                X509Certificate leaf = (X509Certificate) chain[0];
                return new Result(hostAndPort, Optional.of(leaf.getNotAfter().toInstant()),
                        Optional.of(leaf.getSubjectX500Principal().getName()), Optional.empty());
            }
        } catch (Exception e) {
            return new Result(hostAndPort, Optional.empty(), Optional.empty(), Optional.of(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
    }
}
