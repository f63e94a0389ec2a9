package io.holi.storage.internal;

import io.holi.storage.ObjectInfo;
import io.holi.storage.ObjectStore;
import io.holi.storage.StorageProperties;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3 through the AWS SDK v2: uploads stream as multipart (nothing is buffered beyond one part), carry the
 * server-side encryption header the manual sets, and only exist once the multipart upload is completed; an
 * aborted one is removed. Calls are retried with exponential backoff; a store that stays unreachable is
 * reported with the bucket it was.
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ServerSideEncryption sse;
    private final int partSize;

    S3ObjectStore(URI url, StorageProperties properties) {
        this(url, properties, List.of());
    }

    /** @param interceptors see the requests as they are sent (tests prove the headers S3 receives) */
    S3ObjectStore(URI url, StorageProperties properties, List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors) {
        this.bucket = url.getHost();
        String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+", "");
        this.prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        this.sse = "none".equalsIgnoreCase(properties.serverSideEncryption()) ? null
                : ServerSideEncryption.fromValue(properties.serverSideEncryption());
        this.partSize = (int) Math.max(5L * 1024 * 1024, properties.partSize().toBytes());
        var builder = S3Client.builder()
                .region(Region.of(properties.region()))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(properties.maxAttempts())).executionInterceptors(interceptors));
        String endpoint = properties.endpoint();
        if (endpoint != null && !endpoint.isBlank()) {
            // S3-compatible stores: path-style addressing, and checksums only where S3 requires them (many
            // compatible servers do not understand the SDK's newer trailing checksums)
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.s3 = builder.build();
    }

    private String k(String key) {
        return prefix + key;
    }

    private IOException failure(String what, SdkException e) {
        return new IOException("S3 " + what + " failed in s3://" + bucket + "/" + prefix + " after retries: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")"), e);
    }

    @Override
    public Upload upload(String key) throws IOException {
        String objectKey = k(key);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> {
                b.bucket(bucket).key(objectKey);
                if (sse != null) {
                    b.serverSideEncryption(sse);
                }
            }).uploadId();
        } catch (SdkException e) {
            throw failure("upload of " + key, e);
        }
        List<CompletedPart> parts = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(partSize);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, partSize - buffer.size());
                    buffer.write(b, off, n);
                    off += n;
                    len -= n;
                    if (buffer.size() >= partSize) {
                        sendPart();
                    }
                }
            }

            void sendPart() throws IOException {
                int number = parts.size() + 1;
                try {
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number),
                            RequestBody.fromBytes(buffer.toByteArray())).eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                    buffer.reset();
                } catch (SdkException e) {
                    throw failure("upload of part " + number + " of " + key, e);
                }
            }

            @Override
            public void close() throws IOException {
                if (buffer.size() > 0 || parts.isEmpty()) {
                    sendPart();
                }
            }
        };
        return new Upload() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                try {
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                    done = true;
                } catch (SdkException e) {
                    abort();
                    throw failure("completing the upload of " + key, e);
                }
            }

            @Override
            public void abort() {
                done = true;
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // an unfinished multipart upload is invisible; the bucket's lifecycle rule removes its parts
                }
            }

            @Override
            public void close() {
                if (!done) {
                    abort();
                }
            }
        };
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        put(key, content, null);
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        try {
            s3.putObject(b -> {
                b.bucket(bucket).key(k(key));
                if (contentType != null) {
                    b.contentType(contentType);
                }
                if (sse != null) {
                    b.serverSideEncryption(sse);
                }
            }, RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw failure("write of " + key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(k(key)));
        } catch (NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException("no object " + key + " in " + describe());
        } catch (SdkException e) {
            throw failure("read of " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            var h = s3.headObject(b -> b.bucket(bucket).key(k(key)));
            return Optional.of(new ObjectInfo(key, h.contentLength(), h.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("head of " + key, e);
        } catch (SdkException e) {
            throw failure("head of " + key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        try {
            List<ObjectInfo> out = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(k(keyPrefix))).contents()) {
                out.add(new ObjectInfo(o.key().substring(prefix.length()), o.size(), o.lastModified()));
            }
            return out;
        } catch (SdkException e) {
            throw failure("listing", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k(key)));
        } catch (SdkException e) {
            throw failure("delete of " + key, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }
}
