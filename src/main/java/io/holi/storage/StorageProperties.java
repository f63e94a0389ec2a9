package io.holi.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param url                  HOLI_STORAGE_URL: {@code s3://bucket[/prefix]} or {@code file:///path}; empty means the
 *                             data directory's {@code objects/} (embedded) or {@code ./holi-objects}
 * @param region               AWS region (AWS_REGION)
 * @param endpoint             AWS_ENDPOINT_URL: an S3-compatible store; path-style requests are used with it
 * @param serverSideEncryption the S3 server-side encryption header, as the manual sets it ({@code AES256});
 *                             {@code aws:kms} or {@code none} also work
 * @param partSize             multipart upload part size (S3 needs at least 5 MB)
 * @param maxAttempts          attempts per S3 call, with exponential backoff between them
 */
@ConfigurationProperties("holi.storage")
public record StorageProperties(String url, @DefaultValue("us-east-1") String region, String endpoint,
                                @DefaultValue("AES256") String serverSideEncryption,
                                @DefaultValue("16MB") DataSize partSize, @DefaultValue("5") int maxAttempts) {
}
