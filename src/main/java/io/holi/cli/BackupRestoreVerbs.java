package io.holi.cli;

import io.holi.backup.BackupService;
import io.holi.backup.Manifest;
import io.holi.backup.Reports;
import io.holi.platform.DatabaseUrl;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holi backup restore} and {@code holi backup test-restore}: a backup back into a database, for real or as a drill. */
final class BackupRestoreVerbs {

    private BackupRestoreVerbs() {
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore a backup into a database: the manual's restore steps 1-9 as one command.",
                    "Refuses a target that holds data unless --confirm. With the live database as target, every "
                            + "instance is held in maintenance (503) meanwhile. The target is backed up first (safety "
                            + "backup); the restore runs in one transaction that commits only when every row count "
                            + "matches the manifest and the audit trail is intact; the schema is then migrated to this "
                            + "version of holi. Audit records newer than the backup are kept."})
    static class Restore extends Verb {
        @ArgGroup(exclusive = false, multiplicity = "1")
        BackupCommand.Which which;

        @Option(names = "--target", required = true, paramLabel = "URL|live",
                description = "postgresql://user:password@host:5432/db, or 'live' for the database holi serves from")
        String target;

        @Option(names = "--confirm", description = "replace a target that holds data")
        boolean confirm;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                Manifest m = which.resolve(backups, false);
                DatabaseUrl url = "live".equals(target) ? backups.source() : DatabaseUrl.parse(target);
                out().printf("Restoring %s (taken %s) into %s%n", m.id(), Formats.utc(m.startedAt()), url);
                Reports.Restored r = backups.restore(m, url, confirm, line -> out().println("  " + line));
                print(out(), r);
            }
            return Cli.ExitCode.OK.code();
        }
    }

    static void print(PrintWriter out, Reports.Restored r) {
        out.printf("%nRestored %s into %s in %s%n", r.backupId(), r.target(), Formats.seconds(r.took()));
        r.safetyBackup().ifPresent(s -> out.printf("  safety backup   %s (the target as it was before)%n", s));
        out.printf("  %-36s %12s %12s%n", "TABLE", "MANIFEST", "RESTORED");
        for (Map.Entry<String, Long> e : r.expectedRows().entrySet()) {
            out.printf("  %-36s %12d %12d%n", e.getKey(), e.getValue(), r.restoredRows().getOrDefault(e.getKey(), -1L));
        }
        if (r.carriedAuditRecords() > 0) {
            out.printf("  %d audit records written after the backup were kept%n", r.carriedAuditRecords());
        }
        out.printf("  audit trail     %s%n", r.auditTrail());
        out.printf("  schema version  %s%n", r.schemaVersionAfter());
    }

    @Command(name = "test-restore", mixinStandardHelpOptions = true,
            description = {"A restore drill: restore a backup into a temporary cluster (scratch) or an empty database, "
                    + "check it like a real restore, migrate it, time it against the 1-hour RTO, remove it, record the outcome.",
                    "Without --backup-date/--backup, the newest backup. Exit 4 if the drill fails, 3 if it misses the RTO."})
    static class TestRestore extends Verb {
        @ArgGroup(exclusive = false)
        BackupCommand.Which which = new BackupCommand.Which();

        @Option(names = "--target", defaultValue = "scratch", paramLabel = "scratch|URL",
                description = "scratch (a temporary cluster, the default) or an empty database that is emptied again afterwards")
        String target;

        @Option(names = "--confirm", description = "use a target database that holds data (it is emptied afterwards)")
        boolean confirm;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                Manifest m = which.resolve(backups, true);
                Optional<DatabaseUrl> url = "scratch".equals(target) ? Optional.empty() : Optional.of(DatabaseUrl.parse(target));
                out().printf("Restore drill of %s (taken %s, %s) into %s%n", m.id(), Formats.utc(m.startedAt()),
                        Formats.bytes(m.ciphertextBytes()), url.map(DatabaseUrl::toString).orElse("a temporary cluster"));
                Reports.Drill d = backups.testRestore(m, url, confirm, line -> out().println("  " + line));
                if (!d.ok()) {
                    out().printf("%nDRILL FAILED for %s: %s%nThis backup cannot be relied on. See docs/runbooks/BACKUP_FAILURE.md.%n",
                            m.id(), d.failure().orElse("unknown"));
                    return Cli.ExitCode.FAILED.code();
                }
                print(out(), d.restored());
                double gb = d.plaintextBytes() / 1e9;
                out().printf("%nDrill passed: restore %s, total %s; RTO %s: %s.%n", Formats.seconds(d.restoreTook()),
                        Formats.seconds(d.totalTook()), Formats.age(d.rto()), d.withinRto() ? "met" : "MISSED");
                if (gb > 0.001) {
                    out().printf("At this rate a 10 GB archive restores in about %.0f minutes.%n",
                            d.restoreTook().toMillis() / 1000.0 / gb * 10 / 60);
                }
                return (d.withinRto() ? Cli.ExitCode.OK : Cli.ExitCode.WARNED).code();
            }
        }
    }

}
