package io.holi.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backups, archived audit batches and evidence go: a local directory by default, S3 (or an S3-compatible
 * store) when configured. An upload becomes visible only when committed: an interrupted one leaves nothing.
 */
public interface ObjectStore {

    /** A streaming upload: write, then commit to make the object appear, or abort to leave nothing. */
    interface Upload extends AutoCloseable {
        OutputStream stream();

        void commit() throws IOException;

        void abort();

        /** Aborts unless committed. */
        @Override
        void close();
    }

    Upload upload(String key) throws IOException;

    /** Writes a small object in one go (manifests, evidence). */
    void put(String key, byte[] content) throws IOException;

    /**
     * Writes a small object that a browser or a CDN reads straight from the store (the status page), with its media
     * type; a local store has no media types and ignores it.
     */
    default void put(String key, byte[] content, String contentType) throws IOException {
        put(key, content);
    }

    InputStream open(String key) throws IOException;

    Optional<ObjectInfo> head(String key) throws IOException;

    /** Every committed object whose key starts with the prefix, in key order. */
    List<ObjectInfo> list(String prefix) throws IOException;

    void delete(String key) throws IOException;

    /** {@code file:///…} or {@code s3://bucket/prefix}: for messages and reports. */
    String describe();

    default byte[] read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }
}
