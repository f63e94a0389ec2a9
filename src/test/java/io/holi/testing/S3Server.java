package io.holi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server (S3Proxy, from Maven Central, copied to target/test-tools by the build) run as its
 * own process over a directory: buckets are directories under it.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "test-only-access-key";
    public static final String SECRET_KEY = "test-only-secret-key";

    private static final String KEYSTORE_PASSWORD = "test-only-keystore-password";

    private final BackgroundProcess process;
    private final Path root;
    private final Path caCertificate;

    private S3Server(BackgroundProcess process, Path root, Path caCertificate) {
        this.process = process;
        this.root = root;
        this.caCertificate = caCertificate;
    }

    static {
        // the AWS SDK's default credential chain, as a deployment gives it the keys; the same fake keys for every test
        // server, so setting them for the whole test JVM is harmless and independent of the order classes run in
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public static S3Server start(String... buckets) {
        return start(false, buckets);
    }

    /**
     * Over https, with a certificate for "localhost" made now and trusted by nobody: {@link #caCertificate()} is
     * the PEM file a client must be told to trust (readable by every user, so also by pgBackRest running as
     * postgres).
     */
    public static S3Server startTls(String... buckets) {
        return start(true, buckets);
    }

    private static S3Server start(boolean tls, String... buckets) {
        try {
            Path jar = Path.of("target/test-tools/s3proxy.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run the tests through Maven (it copies S3Proxy there)");
            }
            Path root = TempDirs.directory("holi-s3");
            for (String b : buckets) {
                Files.createDirectories(root.resolve(b));
            }
            int port = BackgroundProcess.freePort();
            Path props = TempDirs.deleteAtExit(root.resolveSibling(root.getFileName() + ".properties"));
            List<String> endpoint = List.of("s3proxy.endpoint=http://127.0.0.1:" + port);
            Path ca = null;
            if (tls) {
                Path certs = TempDirs.directory("holi-s3-tls");
                Files.setPosixFilePermissions(certs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                Path keystore = certs.resolve("s3.p12");
                ca = certs.resolve("ca.pem");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                io.holi.platform.OsProcess.check(List.of(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                        "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD),
                        Map.of(), java.time.Duration.ofMinutes(1));
                io.holi.platform.OsProcess.check(List.of(keytool, "-exportcert", "-rfc", "-alias", "s3", "-keystore", keystore.toString(),
                        "-storepass", KEYSTORE_PASSWORD, "-file", ca.toString()), Map.of(), java.time.Duration.ofMinutes(1));
                Files.setPosixFilePermissions(ca, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                endpoint = List.of("s3proxy.secure-endpoint=https://127.0.0.1:" + port,
                        "s3proxy.keystore-path=" + keystore, "s3proxy.keystore-password=" + KEYSTORE_PASSWORD);
            }
            Files.writeString(props, String.join("\n", endpoint) + "\n" + String.join("\n",
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    // S3Proxy does not implement server-side encryption; it must not refuse the header holi sends
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root) + "\n");
            BackgroundProcess p = BackgroundProcess.start("s3proxy", TestJvm.java("-Xmx256m", "-jar", jar.toString(),
                    "--properties", props.toString()), Map.of(), port);
            return new S3Server(p, root, ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return caCertificate == null ? "http://127.0.0.1:" + process.port() : "https://localhost:" + process.port();
    }

    /** The certificate to trust for {@link #startTls}'s server. */
    public Path caCertificate() {
        if (caCertificate == null) {
            throw new IllegalStateException("this S3 server speaks plain http");
        }
        return caCertificate;
    }

    /** Where an object lands on disk (S3Proxy's filesystem backend). */
    public Path file(String bucket, String key) {
        return root.resolve(bucket).resolve(key);
    }

    /** Settings that point holi's object store at this server. */
    public Map<String, String> settings(String bucketAndPrefix) {
        return Map.of("holi.storage.url", "s3://" + bucketAndPrefix, "holi.storage.endpoint", endpoint(),
                "holi.storage.max-attempts", "2", "aws.accessKeyId", ACCESS_KEY, "aws.secretAccessKey", SECRET_KEY);
    }

    public void stop() {
        process.close();
    }

    @Override
    public void close() {
        process.close();
    }
}
