package io.holi.cli;

import io.holi.backup.BackupService;
import io.holi.backup.BackupSummary;
import io.holi.backup.Manifest;
import io.holi.backup.Reports;
import io.holi.platform.DataDirectory;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Encrypted logical backups of the database: create, list, verify, prune, restore, and restore drills.",
                "Backups are pg_dump archives encrypted with age (BACKUP_ENCRYPTION_KEY) in the object store "
                        + "(HOLI_STORAGE_URL: a directory, or s3://bucket/prefix). See docs/runbooks/DISASTER_RECOVERY_PLAN.md."},
        subcommands = {BackupCommand.BackupCreate.class, BackupCommand.BackupList.class, BackupCommand.BackupVerify.class,
                BackupCommand.BackupPrune.class, BackupRestoreVerbs.Restore.class, BackupRestoreVerbs.TestRestore.class,
                BackupCommand.BackupKeygen.class})
class BackupCommand extends CommandGroup {

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw HoliException.invalid("--backup-date", "'" + text + "' is not a date: use YYYY-MM-DD (UTC)");
        }
    }

    /** Which backup: --backup ID or --backup-date DAY (the newest of that day). */
    static class Which {
        @Option(names = "--backup-date", paramLabel = "YYYY-MM-DD", description = "the newest backup of that day (UTC)")
        String date;

        @Option(names = "--backup", paramLabel = "ID", description = "a backup by id, e.g. backup-20261128-020000")
        String id;

        Manifest resolve(BackupService backups, boolean latestIfNone) {
            if (id == null && date == null) {
                if (latestIfNone) {
                    return backups.latest().orElseThrow(() -> HoliException.notFound("There are no backups in "
                            + backups.location() + " yet: run `holi backup create`"));
                }
                throw HoliException.invalid("--backup-date", "say which backup: --backup-date YYYY-MM-DD or --backup ID "
                        + "(`holi backup list` shows them)");
            }
            return backups.resolve(Optional.ofNullable(id), Optional.ofNullable(date).map(BackupCommand::date));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Back up the database now: pg_dump streamed through age encryption into the object store; "
                    + "no plaintext touches the disk. The backup appears only once complete, with its manifest "
                    + "(checksums, sizes, row counts, versions)."})
    static class BackupCreate extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                Manifest m = backups.create("manual");
                long rows = m.rowCounts().values().stream().mapToLong(Long::longValue).sum();
                out().printf("Backup %s written to %s%n", m.id(), backups.location());
                out().printf("  object     %s%n", m.object());
                out().printf("  size       %s encrypted (archive %s), %d rows in %d tables%n", Formats.bytes(m.ciphertextBytes()),
                        Formats.bytes(m.plaintextBytes()), rows, m.rowCounts().size());
                out().printf("  sha256     %s%n", m.ciphertextSha256());
                out().printf("  took       %.1f s%n", m.durationSeconds());
                out().printf("  readable   only with the secret key of %s%n", String.join(", ", m.recipients()));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every complete backup, newest first: date, size, age, verified or not.")
    static class BackupList extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                List<BackupSummary> all = backups.list();
                if (all.isEmpty()) {
                    out().printf("No backups in %s yet. Run `holi backup create`.%n", backups.location());
                    return Cli.ExitCode.OK.code();
                }
                out().printf("%-24s  %-23s  %9s  %8s  %-8s  %s%n", "ID", "CREATED", "SIZE", "AGE", "KIND", "VERIFIED");
                for (BackupSummary b : all) {
                    String verified = b.verified().map(ok -> (ok ? "yes, " : "FAILED, ") + Formats.utc(b.verifiedAt().orElseThrow()))
                            .orElse("not yet");
                    out().printf("%-24s  %-23s  %9s  %8s  %-8s  %s%n", b.id(), Formats.utc(b.createdAt()), Formats.bytes(b.bytes()),
                            Formats.age(b.age()), b.kind(), verified);
                }
                out().printf("%n%d backups in %s%n", all.size(), backups.location());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Read backups back as a restore would: fetch every byte, check both SHA-256 sums, decrypt "
                    + "(authenticated: one altered byte fails), let pg_restore read the archive, compare with the manifest.",
                    "Exit 4 if any backup fails; the failing object is named."})
    static class BackupVerify extends Verb {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "the backup to verify")
        String id;

        @Option(names = "--latest", description = "the newest backup")
        boolean latest;

        @Option(names = "--all", description = "every backup")
        boolean all;

        @Override
        public Integer call() {
            int chosen = (id != null ? 1 : 0) + (latest ? 1 : 0) + (all ? 1 : 0);
            if (chosen != 1) {
                throw HoliException.invalid("ID|--latest|--all", "say which backups to verify: an ID, --latest or --all");
            }
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                List<String> ids = new ArrayList<>();
                if (id != null) {
                    ids.add(id);
                } else if (latest) {
                    ids.add(backups.latest().orElseThrow(() -> HoliException.notFound("There are no backups in "
                            + backups.location())).id());
                } else {
                    backups.list().forEach(b -> ids.add(b.id()));
                }
                int failed = 0;
                for (String b : ids) {
                    Reports.Verified v = backups.verify(b);
                    if (v.ok()) {
                        out().printf("OK      %s  (%s checked, archive of %d entries readable, checksums match, %s)%n", b,
                                Formats.bytes(v.ciphertextBytes()), v.archiveEntries(), Formats.seconds(v.took()));
                    } else {
                        failed++;
                        out().printf("FAILED  %s%n", b);
                        v.problems().forEach(p -> out().printf("        - %s%n", p));
                    }
                }
                if (failed > 0) {
                    out().printf("%n%d of %d backups failed verification. Do not rely on them; take a new backup now "
                            + "(holi backup create) and see docs/runbooks/BACKUP_FAILURE.md.%n", failed, ids.size());
                    return Cli.ExitCode.FAILED.code();
                }
                out().printf("%nAll %d verified.%n", ids.size());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Delete backups older than the retention, always keeping the newest --keep-min; remove the "
                    + "remains of backups that never completed."})
    static class BackupPrune extends Verb {
        @Option(names = "--retention", paramLabel = "AGE", description = "keep backups this long, e.g. 90d (default: holi.backup.retention, 90d)")
        String retention;

        @Option(names = "--keep-min", paramLabel = "N", description = "always keep this many newest backups (default: holi.backup.keep-min, 7)")
        Integer keepMin;

        @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                BackupService backups = ctx.getBean(BackupService.class);
                var r = backups.prune(retention == null ? backups.retention() : Formats.span("--retention", retention),
                        keepMin == null ? backups.keepMin() : keepMin, dryRun);
                String verb = dryRun ? "Would delete" : "Deleted";
                r.deleted().forEach(id -> out().printf("%s %s%n", verb, id));
                r.orphansRemoved().forEach(k -> out().printf("%s %s (an interrupted backup's remains)%n", verb, k));
                out().printf("%s %d backups; %d kept.%s%n", verb, r.deleted().size(), r.kept().size(),
                        dryRun ? " Nothing was deleted (--dry-run)." : "");
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make a backup key pair (the age format; `age-keygen` makes the same).",
                    "The secret key (AGE-SECRET-KEY-1…) reads backups: keep it offline and in your secrets manager. "
                            + "The public key (age1…) only writes them: a server with only BACKUP_ENCRYPTION_KEY=age1… "
                            + "can back up but never read a backup."})
    static class BackupKeygen extends Verb {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the key file (mode 0600) instead of printing it")
        Path output;

        @Override
        public Integer call() throws IOException {
            String[] pair = BackupService.generateKey();
            String file = "# created: " + Instant.now() + "\n# public key: " + pair[1] + "\n" + pair[0] + "\n";
            if (output != null) {
                if (Files.exists(output)) {
                    throw HoliException.invalid("--output", output + " exists already; holi never overwrites a key");
                }
                DataDirectory.writePrivate(output.toAbsolutePath(), file);
                out().printf("Wrote the secret key to %s (mode 0600).%n", output);
            } else {
                out().print(file);
            }
            err().printf("Public key: %s%n", pair[1]);
            return Cli.ExitCode.OK.code();
        }
    }
}
