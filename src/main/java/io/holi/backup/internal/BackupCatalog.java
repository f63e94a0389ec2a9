package io.holi.backup.internal;

import io.holi.backup.Manifest;
import io.holi.platform.HoliException;
import io.holi.storage.ObjectInfo;
import io.holi.storage.ObjectStore;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backups in the object store, found by their manifests: an object without one (an interrupted backup)
 * is never listed, verified or restored.
 */
public final class BackupCatalog {

    public static final Pattern MANIFEST = Pattern.compile("^(\\d{4})/(\\d{2})/(\\d{2})/(backup-\\d{8}-\\d{6})\\.manifest\\.json$");
    public static final Pattern DATA = Pattern.compile("^(\\d{4})/(\\d{2})/(\\d{2})/(backup-\\d{8}-\\d{6})\\.(dump\\.enc|verify\\.json)$");
    public static final Pattern ID = Pattern.compile("^backup-\\d{8}-\\d{6}$");
    public static final DateTimeFormatter ID_FORMAT = DateTimeFormatter.ofPattern("'backup-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The latest verdict of {@code holi backup verify} on a backup. */
    public record Verification(String id, boolean ok, Instant at, String detail) {
    }

    private final ObjectStore store;
    private final JsonMapper json;

    public BackupCatalog(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    public List<Manifest> all() throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (ObjectInfo o : store.list("")) {
            if (MANIFEST.matcher(o.key()).matches()) {
                out.add(json.readValue(store.read(o.key()), Manifest.class));
            }
        }
        out.sort(Comparator.comparing(Manifest::id));
        return out;
    }

    public Optional<Manifest> find(String id) throws IOException {
        if (!ID.matcher(id).matches()) {
            throw HoliException.invalid("backup", "'" + id + "' is not a backup id (they look like backup-20261128-020000)");
        }
        if (store.head(Manifest.keyOf(id)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(store.read(Manifest.keyOf(id)), Manifest.class));
    }

    public Manifest require(String id) throws IOException {
        Optional<Manifest> found = find(id);
        if (found.isEmpty()) {
            throw HoliException.notFound("There is no backup " + id + " in " + store.describe() + nearest(dateOf(id)));
        }
        return found.get();
    }

    /** The newest backup of that day (UTC), or a message naming the nearest ones. */
    public Manifest onDate(LocalDate date) throws IOException {
        List<Manifest> all = all();
        return all.stream().filter(m -> dateOf(m.id()).equals(date)).max(Comparator.comparing(Manifest::id))
                .orElseThrow(() -> HoliException.notFound("There is no backup from " + date + " in " + store.describe()
                        + nearest(all, date)));
    }

    public Optional<Manifest> latest() throws IOException {
        List<Manifest> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private String nearest(LocalDate date) throws IOException {
        return nearest(all(), date);
    }

    public static String nearest(List<Manifest> all, LocalDate date) {
        if (all.isEmpty()) {
            return ". There are no backups there at all: check HOLI_STORAGE_URL, or run `holi backup create`.";
        }
        Optional<Manifest> before = all.stream().filter(m -> !dateOf(m.id()).isAfter(date)).max(Comparator.comparing(Manifest::id));
        Optional<Manifest> after = all.stream().filter(m -> dateOf(m.id()).isAfter(date)).min(Comparator.comparing(Manifest::id));
        StringBuilder sb = new StringBuilder(". The nearest backups are:");
        before.ifPresent(m -> sb.append("\n  ").append(m.id()).append("  (").append(dateOf(m.id())).append(", before)"));
        after.ifPresent(m -> sb.append("\n  ").append(m.id()).append("  (").append(dateOf(m.id())).append(", after)"));
        sb.append("\nRestore one of them with --backup ID.");
        return sb.toString();
    }

    public static LocalDate dateOf(String id) {
        return LocalDate.parse(id.substring(7, 15), DateTimeFormatter.BASIC_ISO_DATE);
    }

    public static Instant instantOf(String id) {
        return ID_FORMAT.parse(id, Instant::from);
    }

    public void save(Manifest manifest) throws IOException {
        store.put(Manifest.keyOf(manifest.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    public void saveVerification(Verification v) throws IOException {
        store.put(Manifest.verificationKeyOf(v.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(v));
    }

    public Optional<Verification> verification(String id) {
        try {
            if (store.head(Manifest.verificationKeyOf(id)).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(json.readValue(store.read(Manifest.verificationKeyOf(id)), Verification.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a backup: the manifest first, so that it stops being a backup before its data goes. */
    public void delete(String id) throws IOException {
        store.delete(Manifest.keyOf(id));
        store.delete(Manifest.objectOf(id));
        store.delete(Manifest.verificationKeyOf(id));
    }

    /** Data objects whose backup never completed (no manifest), older than the grace period. */
    public List<String> orphans(Duration grace) throws IOException {
        List<ObjectInfo> objects = store.list("");
        java.util.Set<String> manifests = new java.util.HashSet<>();
        for (ObjectInfo o : objects) {
            Matcher m = MANIFEST.matcher(o.key());
            if (m.matches()) {
                manifests.add(m.group(4));
            }
        }
        List<String> out = new ArrayList<>();
        Instant cutoff = Instant.now().minus(grace);
        for (ObjectInfo o : objects) {
            Matcher m = DATA.matcher(o.key());
            if (m.matches() && !manifests.contains(m.group(4)) && o.lastModified().isBefore(cutoff)) {
                out.add(o.key());
            }
        }
        return out;
    }

    public void deleteObject(String key) throws IOException {
        store.delete(key);
    }

    public String describe() {
        return store.describe();
    }

    public ObjectStore store() {
        return store;
    }
}
