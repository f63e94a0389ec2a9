package io.holi.storage.internal;

import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import io.holi.storage.ObjectStore;
import io.holi.storage.StorageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean
    ObjectStore objectStore(StorageProperties properties, HoliProperties holi, HoliDatabase database) {
        return open(properties, database.mode() == HoliDatabase.Mode.EMBEDDED ? holi.dataDir().resolve("objects")
                : Path.of("holi-objects"));
    }

    public static ObjectStore open(StorageProperties properties, Path defaultDirectory) {
        String url = properties.url();
        if (url == null || url.isBlank()) {
            return new LocalObjectStore(defaultDirectory);
        }
        URI uri = URI.create(url.strip());
        return switch (uri.getScheme() == null ? "" : uri.getScheme()) {
            case "s3" -> {
                if (uri.getHost() == null) {
                    throw new IllegalStateException("HOLI_STORAGE_URL must name a bucket: s3://bucket[/prefix]");
                }
                yield new S3ObjectStore(uri, properties);
            }
            case "file" -> new LocalObjectStore(Path.of(uri));
            default -> throw new IllegalStateException("HOLI_STORAGE_URL must be s3://bucket[/prefix] or file:///path, not " + url);
        };
    }
}
