package io.holi.status;

import io.holi.status.internal.StatusSnapshots;
import io.holi.storage.ObjectStore;
import io.holi.storage.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The status page as a service: probe now, what the page shows, and publishing it off-box. The files go to
 * HOLI_STATUS_URL (a bucket a CDN serves) or, without it, under {@code status/} in holi's own object store.
 */
@Service
public class StatusPage {

    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);
    static final String DEFAULT_PREFIX = "status/";

    /** Where the page went and which files. */
    public record Published(String location, List<String> files) {
    }

    private final StatusSnapshots snapshots;
    private final StatusProperties properties;
    private final ObjectStore ownStore;
    private final ObjectStores stores;
    private ObjectStore statusStore;

    StatusPage(StatusSnapshots snapshots, StatusProperties properties, ObjectStore ownStore, ObjectStores stores) {
        this.snapshots = snapshots;
        this.properties = properties;
        this.ownStore = ownStore;
        this.stores = stores;
    }

    /** What the page shows now (probing first when this process has not probed in the last minute). */
    public StatusView view(Instant now) {
        return snapshots.view(now);
    }

    /** The page's files, rendered now (cached for a few seconds: the page is public). */
    public List<StatusFile> files(Instant now) {
        return snapshots.files(now);
    }

    public Published publish(Instant now) throws IOException {
        List<StatusFile> files = snapshots.files(now);
        ObjectStore target = target();
        String prefix = properties.url() == null || properties.url().isBlank() ? DEFAULT_PREFIX : "";
        // the page last: a reader never gets a page newer than its style sheet, summary or feed
        for (int i = files.size() - 1; i >= 0; i--) {
            StatusFile f = files.get(i);
            target.put(prefix + f.name(), f.content(), f.contentType());
        }
        log.debug("Status page published to {}{}", target.describe(), prefix);
        return new Published(target.describe() + (prefix.isEmpty() ? "" : (target.describe().endsWith("/") ? "" : "/") + prefix),
                files.stream().map(StatusFile::name).toList());
    }

    private synchronized ObjectStore target() {
        if (properties.url() == null || properties.url().isBlank()) {
            return ownStore;
        }
        if (statusStore == null) {
            statusStore = stores.open(properties.url());
        }
        return statusStore;
    }
}
