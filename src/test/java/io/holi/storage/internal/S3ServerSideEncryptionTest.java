package io.holi.storage.internal;

import io.holi.storage.ObjectStore;
import io.holi.storage.StorageProperties;
import io.holi.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manual's {@code aws s3 cp --sse AES256}: every request that creates an object (a single PUT, or the start
 * of a multipart upload) carries {@code x-amz-server-side-encryption}, as sent on the wire to a real
 * S3-compatible server, and the objects read back intact. S3Proxy itself does not encrypt, so the header is
 * what there is to prove.
 */
class S3ServerSideEncryptionTest {

    private static S3Server s3;

    /** A request as the SDK put it on the wire: method, path, query and the SSE header. */
    record Sent(String method, String path, String query, String sse) {
        boolean createsAnObject() {
            return method.equals("PUT") && !query.contains("partNumber") || method.equals("POST") && query.contains("uploads");
        }
    }

    static final class Recorder implements ExecutionInterceptor {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            var r = context.httpRequest();
            sent.add(new Sent(r.method().name(), r.encodedPath(), r.rawQueryParameters().keySet().toString(),
                    r.firstMatchingHeader("x-amz-server-side-encryption").orElse(null)));
        }
    }

    @BeforeAll
    static void server() {
        s3 = S3Server.start("clinic-backups");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static S3ObjectStore store(String sse, Recorder recorder) {
        return new S3ObjectStore(URI.create("s3://clinic-backups/sse"), new StorageProperties(null, "us-east-1", s3.endpoint(), sse,
                DataSize.ofMegabytes(5), 2), List.of(recorder));
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void everyObjectIsWrittenWithTheServerSideEncryptionHeader() throws Exception {
        Recorder recorder = new Recorder();
        byte[] big = random(11 * 1024 * 1024);
        byte[] small = random(1000);
        try (S3ObjectStore store = store("AES256", recorder)) {
            try (ObjectStore.Upload upload = store.upload("2026/11/28/backup.dump.enc")) {
                upload.stream().write(big);
                upload.commit();
            }
            store.put("2026/11/28/backup.manifest.json", small);
            try (InputStream in = store.open("2026/11/28/backup.dump.enc")) {
                assertThat(in.readAllBytes()).isEqualTo(big);
            }
            assertThat(store.read("2026/11/28/backup.manifest.json")).isEqualTo(small);
        }
        List<Sent> creating = recorder.sent.stream().filter(Sent::createsAnObject).toList();
        assertThat(creating).as(recorder.sent.toString()).hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(s -> s.method().equals("POST")).allMatch(s -> "AES256".equals(s.sse()));
        assertThat(recorder.sent).as("a multipart upload of 11 MB in 5 MB parts").filteredOn(s -> s.query().contains("partNumber")).hasSize(3);
    }

    @Test
    void noneSendsNoHeader() throws Exception {
        Recorder recorder = new Recorder();
        try (S3ObjectStore store = store("none", recorder)) {
            store.put("plain/manifest.json", random(100));
        }
        assertThat(recorder.sent).filteredOn(Sent::createsAnObject).isNotEmpty().allMatch(s -> s.sse() == null);
    }
}
