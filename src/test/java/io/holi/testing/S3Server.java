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

    private final BackgroundProcess process;
    private final Path root;

    private S3Server(BackgroundProcess process, Path root) {
        this.process = process;
        this.root = root;
    }

    public static S3Server start(String... buckets) {
        try {
            Path jar = Path.of("target/test-tools/s3proxy.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run the tests through Maven (it copies S3Proxy there)");
            }
            Path root = Files.createTempDirectory("holi-s3");
            for (String b : buckets) {
                Files.createDirectories(root.resolve(b));
            }
            int port = BackgroundProcess.freePort();
            Path props = root.resolveSibling(root.getFileName() + ".properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    // S3Proxy does not implement server-side encryption; it must not refuse the header holi sends
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + root) + "\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            BackgroundProcess p = BackgroundProcess.start("s3proxy", List.of(java, "-Xmx256m", "-jar", jar.toString(),
                    "--properties", props.toString()), Map.of(), port);
            return new S3Server(p, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + process.port();
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
