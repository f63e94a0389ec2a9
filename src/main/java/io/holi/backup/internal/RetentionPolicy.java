package io.holi.backup.internal;

import io.holi.backup.Manifest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups retention deletes: those older than the retention, never the newest {@code keepMin} whatever their
 * age (a clinic that stopped taking backups keeps its last ones). Plain Java.
 */
public final class RetentionPolicy {

    /** The ids to delete and to keep, newest first. */
    public record Decision(List<String> delete, List<String> keep) {
    }

    private RetentionPolicy() {
    }

    public static Decision decide(List<Manifest> backups, Instant now, Duration retention, int keepMin) {
        List<Manifest> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Manifest::id).reversed());
        Instant cutoff = now.minus(retention);
        List<String> delete = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Manifest m = newestFirst.get(i);
            if (i >= keepMin && m.startedAt().isBefore(cutoff)) {
                delete.add(m.id());
            } else {
                keep.add(m.id());
            }
        }
        return new Decision(delete, keep);
    }
}
