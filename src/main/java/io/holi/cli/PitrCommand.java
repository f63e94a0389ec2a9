package io.holi.cli;

import io.holi.pitr.PitrReports;
import io.holi.pitr.PitrService;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

@Command(name = "pitr", mixinStandardHelpOptions = true,
        description = {"Point-in-time recovery with pgBackRest: continuous WAL archiving into an encrypted repository "
                + "(HOLI_PITR_REPO: a directory or s3://bucket/prefix), physical backups, checks, and restores to any moment.",
                "Together with the daily logical backups this gives the manual's RPO of 15 minutes."},
        subcommands = {PitrCommand.PitrSetup.class, PitrCommand.PitrBackup.class, PitrCommand.PitrCheck.class,
                PitrCommand.PitrRestore.class})
class PitrCommand extends CommandGroup {

    @Command(name = "setup", mixinStandardHelpOptions = true,
            description = {"Write pgbackrest.conf from holi's settings (aes-256-cbc repository encryption), and on the embedded "
                    + "cluster turn archiving on (archive_mode, archive_command, archive_timeout <= 60 s; PostgreSQL restarts), "
                    + "create the stanza and check it. For an external database, print the postgresql.conf lines to apply.",
                    "Safe to run again."})
    static class PitrSetup extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                PitrReports.Setup s = ctx.getBean(PitrService.class).setup(line -> out().println("  " + line));
                out().printf("%npgBackRest configuration: %s%nRepository: %s (encrypted: aes-256-cbc)%n", s.config(), s.repository());
                out().printf("%n%s postgresql.conf:%n", s.applied() ? "Applied to the embedded cluster's" : "Add to the database's");
                s.postgresqlConf().forEach(l -> out().println("  " + l));
                out().printf("%n%s%n", s.applied() ? "Archiving works: WAL reaches the repository." : "Next steps:");
                s.nextSteps().forEach(l -> out().println("  - " + l));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "Take a physical backup into the repository (the base a restore replays WAL onto).")
    static class PitrBackup extends Verb {
        @Option(names = "--type", defaultValue = "full", paramLabel = "full|diff|incr",
                description = "full, differential (since the last full) or incremental (since the last backup); default ${DEFAULT-VALUE}")
        String type;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                PitrReports.Backup b = ctx.getBean(PitrService.class).backup(type);
                out().printf("Backup %s (%s): %s of data, %s in the repository, %s%n", b.label(), b.type(),
                        Formats.bytes(b.sizeBytes()), Formats.bytes(b.repositoryBytes()),
                        Formats.seconds(Duration.between(b.startedAt(), b.stoppedAt())));
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Is point-in-time recovery working: pgBackRest's check (switches WAL and waits for it to be archived), "
                    + "the age of the archive's lag, failed archive attempts, and the earliest time a restore can reach.",
                    "Exit 4 if anything is wrong."})
    static class PitrCheck extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                PitrReports.Check c = ctx.getBean(PitrService.class).check();
                out().printf("Archiving:        %s%n", c.ok() ? "OK" : "PROBLEM: " + c.problem().orElse(""));
                out().printf("Archive lag:      %s%n", c.archivedWalAgeSeconds().map(a -> a == 0 ? "none (every completed WAL segment is archived)"
                        : Math.round(a) + " s since the last archive").orElse("unknown"));
                out().printf("Last archived:    %s%s%n", c.lastArchivedWal().orElse("nothing yet"),
                        c.lastArchivedAt().map(t -> " at " + Formats.utc(t)).orElse(""));
                out().printf("Failed attempts:  %d (since statistics were reset)%n", c.failedCount());
                out().printf("Backups:          %d%s%n", c.backups(),
                        c.recoverableFrom().map(t -> "; a restore can reach any time since " + Formats.utc(t)).orElse(""));
                return (c.ok() ? Cli.ExitCode.OK : Cli.ExitCode.FAILED).code();
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore the database as it was at a moment, into a NEW data directory (never over a running cluster).",
                    "With --start the restored cluster is started on a free port once it has replayed WAL up to the moment; "
                            + "check it, then point holi at it or copy what is needed."})
    static class PitrRestore extends Verb {
        @Option(names = "--recovery-target-time", required = true, paramLabel = "TIME",
                description = "the moment to restore to, with its time zone: \"2026-01-01 14:30:00 UTC\" or 2026-01-01T14:30:00Z")
        String time;

        @Option(names = {"--to", "--target"}, required = true, paramLabel = "DIR", description = "a new, empty data directory")
        Path to;

        @Option(names = "--start", description = "start the restored cluster and wait until recovery reaches the moment")
        boolean start;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.OPERATIONS)) {
                Instant t0 = Instant.now();
                PitrReports.Restored r = ctx.getBean(PitrService.class).restore(time, to, start, line -> out().println("  " + line));
                out().printf("%nRestored to %s into %s in %s.%n", r.targetTime(), r.dataDirectory(),
                        Formats.seconds(Duration.between(t0, Instant.now())));
                if (r.started()) {
                    out().printf("Running on 127.0.0.1:%d (socket %s), log %s.%n", r.port().orElseThrow(),
                            r.socketDirectory().orElseThrow(), r.log().orElseThrow());
                    out().printf("Its roles and passwords are those of the original cluster. Stop it with: pg_ctl -D %s stop%n", r.dataDirectory());
                } else {
                    out().printf("Start it (as the postgres user) with: pg_ctl -D %s -l %s.log start%n", r.dataDirectory(), r.dataDirectory());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
