package io.holi.maintenance.internal;

import io.holi.audit.OperationRecords;
import io.holi.audit.OperationRun;
import io.holi.health.Prometheus;
import io.holi.platform.Check;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The monthly capacity review (manual 2.3): the database's size and its growth since last month's run, the peak of
 * connections seen by the daily checks, and how full the disk is, held to the manual's 70 % / 85 %.
 */
@Component
class CapacityCheck implements OperationalCheck {

    /** How full a disk is, as a fraction, and where that was read. */
    record Disk(double used, String where) {
    }

    private final JdbcClient jdbc;
    private final OperationRecords operations;
    private final Prometheus prometheus;
    private final ObjectProvider<HoliDatabase> database;
    private final DatabaseCheckThresholds thresholds;
    private final ZoneId zone;

    CapacityCheck(JdbcClient jdbc, OperationRecords operations, Prometheus prometheus, ObjectProvider<HoliDatabase> database,
                  DatabaseCheckThresholds thresholds, HoliProperties holi) {
        this.jdbc = jdbc;
        this.operations = operations;
        this.prometheus = prometheus;
        this.database = database;
        this.thresholds = thresholds;
        this.zone = holi.clinic().timeZone();
    }

    @Override
    public String name() {
        return "Capacity";
    }

    @Override
    public Cadence cadence() {
        return Cadence.MONTHLY;
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public List<Check> run() {
        long size = jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single();
        // growth against last month's run (the most recent one at least 20 days old), else the oldest there is
        List<OperationRun> earlier = operations.since("ops.monthly", Instant.now().minus(Duration.ofDays(45))).stream()
                .filter(r -> r.details().get("databaseBytes") instanceof Number).toList();
        Optional<OperationRun> before = earlier.stream()
                .filter(r -> r.startedAt().isBefore(Instant.now().minus(Duration.ofDays(20)))).findFirst()
                .or(() -> earlier.isEmpty() ? Optional.empty() : Optional.of(earlier.get(earlier.size() - 1)));
        long peak = operations.since("ops.daily", Instant.now().minus(Duration.ofDays(31))).stream()
                .map(r -> r.details().get("connections")).filter(v -> v instanceof Number).mapToLong(v -> ((Number) v).longValue())
                .max().orElse(0);
        String growth = before.map(r -> {
            long then = ((Number) r.details().get("databaseBytes")).longValue();
            return String.format(Locale.ROOT, "%+.1f %% since %s", 100.0 * (size - then) / Math.max(1, then),
                    LocalDate.ofInstant(r.startedAt(), zone));
        }).orElse("first measurement");
        String value = String.format(Locale.ROOT, "database %s (%s); peak connections at daily checks: %d; ",
                size < 1e9 ? String.format(Locale.ROOT, "%.0f MB", size / 1e6) : String.format(Locale.ROOT, "%.1f GB", size / 1e9), growth, peak);
        return List.of(judge(value, disk(), thresholds).withFact("databaseBytes", size));
    }

    static Check judge(String value, Optional<Disk> disk, DatabaseCheckThresholds t) {
        String threshold = String.format(Locale.ROOT, "disk < %.0f %% used", 100 * t.diskWarning());
        if (disk.isEmpty()) {
            return Check.ok("Capacity", value + "disk not visible from here (set HOLI_PROMETHEUS_URL with node_exporter)", threshold);
        }
        double used = disk.get().used();
        // the manual: target below 70 %, above 85 % pages (P2), above 90 % is the out-of-disk incident (8.1.3)
        Check.Status st = used < t.diskWarning() ? Check.Status.OK : used < t.diskFailure() ? Check.Status.WARNING : Check.Status.FAILURE;
        return new Check("Capacity", st, value + String.format(Locale.ROOT, "disk %.0f %% used (%s)", 100 * used, disk.get().where()),
                threshold, st == Check.Status.OK ? "" : "runbook 8.1.3 out of disk: holi db bloat, holi backup prune, grow the volume");
    }

    /**
     * From node_exporter through Prometheus when configured (the database's own host, wherever it runs), else from
     * the data directory when it is on this machine (the embedded cluster, or a role allowed to read
     * {@code data_directory}); empty when neither is visible.
     */
    private Optional<Disk> disk() {
        if (prometheus.configured()) {
            String fs = "fstype!~\"tmpfs|overlay|squashfs|ramfs\"";
            double v = prometheus.query("max(1 - node_filesystem_avail_bytes{" + fs + "} / node_filesystem_size_bytes{" + fs + "})");
            if (!Double.isNaN(v)) {
                return Optional.of(new Disk(v, "fullest filesystem, node_exporter"));
            }
        }
        Optional<Path> dir = database.stream().flatMap(d -> d.cluster().stream()).map(c -> c.dataDirectory()).findFirst();
        boolean local = database.stream().map(d -> d.url().host()).anyMatch(h -> h.equals("localhost") || h.startsWith("127.") || h.equals("::1"));
        if (dir.isEmpty() && local) {
            try {
                dir = Optional.ofNullable(jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single()).map(Path::of);
            } catch (RuntimeException notAllowed) {
                return Optional.empty();
            }
        }
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try {
            var store = Files.getFileStore(dir.get());
            if (store.getTotalSpace() <= 0) {
                return Optional.empty();
            }
            // as df computes Use%: blocks in use over those in use plus those available to unprivileged users
            double used = store.getTotalSpace() - store.getUnallocatedSpace();
            return Optional.of(new Disk(used / (used + store.getUsableSpace()), "data directory's filesystem"));
        } catch (IOException | SecurityException elsewhere) {
            return Optional.empty();
        }
    }
}
