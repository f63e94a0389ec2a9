package io.holi.storage.internal;

import io.holi.storage.ObjectInfo;
import io.holi.storage.ObjectStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a directory (mode 0700, files 0600). An upload is written to a hidden temporary file
 * and renamed into place on commit, so a reader never sees half an object.
 */
final class LocalObjectStore implements ObjectStore {

    private static final String TEMP_PREFIX = ".upload-";

    private final Path root;

    LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path path(String key) throws IOException {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || key.isBlank()) {
            throw new IOException("not a valid object key: " + key);
        }
        return p;
    }

    private void ensureRoot() throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Override
    public Upload upload(String key) throws IOException {
        ensureRoot();
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path temp = target.getParent().resolve(TEMP_PREFIX + UUID.randomUUID());
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20);
        return new Upload() {
            private boolean done;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.close();
                try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                done = true;
            }

            @Override
            public void abort() {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the file goes anyway
                }
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is hidden from listings
                }
                done = true;
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
        try (Upload u = upload(key)) {
            u.stream().write(content);
            u.commit();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("no object " + key + " in " + describe());
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        Path p = path(key);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(new ObjectInfo(key, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ObjectInfo> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                if (p.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    continue;
                }
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix)) {
                    out.add(new ObjectInfo(key, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                }
            }
        }
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }
}
