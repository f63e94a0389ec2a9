package io.holi.storage;

import io.holi.storage.internal.StorageConfiguration;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/** Opens a store other than holi's own (the status page's bucket), with the same credentials and S3 settings. */
@Component
public class ObjectStores {

    private final StorageProperties properties;

    ObjectStores(StorageProperties properties) {
        this.properties = properties;
    }

    /** @param url {@code s3://bucket[/prefix]} or {@code file:///path} */
    public ObjectStore open(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a store's URL is required: s3://bucket[/prefix] or file:///path");
        }
        return StorageConfiguration.open(new StorageProperties(url, properties.region(), properties.endpoint(),
                properties.serverSideEncryption(), properties.partSize(), properties.maxAttempts()), Path.of("."));
    }
}
