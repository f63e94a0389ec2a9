package io.holi.storage;

import java.time.Instant;

public record ObjectInfo(String key, long size, Instant lastModified) {
}
