package io.holi.cli;

import io.holi.maintenance.DatabaseAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.function.Function;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = "The manual's database SQL (sections 2.1, 6.2, 7.2, 8.1) as commands, with its thresholds and advice.",
        subcommands = {DbCommand.DbStatus.class, DbCommand.DbConnections.class, DbCommand.DbSlowQueries.class,
                DbCommand.DbUnusedIndexes.class, DbCommand.DbBloat.class, DbCommand.DbVacuum.class, DbCommand.DbKillIdle.class,
                DbCommand.DbReplication.class})
class DbCommand extends CommandGroup {

    /** A {@code holi db} command: a report of one or more tables, printed the same way. */
    abstract static class DbVerb extends Verb {

        int show(Function<DatabaseAdmin, List<DatabaseAdmin.Table>> what) {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                for (DatabaseAdmin.Table t : what.apply(ctx.getBean(DatabaseAdmin.class))) {
                    print(t);
                }
            }
            return Cli.ExitCode.OK.code();
        }

        void print(DatabaseAdmin.Table t) {
            out().println(t.title());
            if (t.rows().isEmpty()) {
                out().println("  (none)");
            } else {
                int[] w = new int[t.columns().size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = t.columns().get(i).length();
                    for (List<String> r : t.rows()) {
                        w[i] = Math.min(100, Math.max(w[i], r.get(i).length()));
                    }
                }
                StringBuilder head = new StringBuilder("  ");
                for (int i = 0; i < w.length; i++) {
                    head.append(String.format("%-" + w[i] + "s  ", t.columns().get(i).toUpperCase()));
                }
                out().println(head.toString().stripTrailing());
                for (List<String> r : t.rows()) {
                    StringBuilder line = new StringBuilder("  ");
                    for (int i = 0; i < w.length; i++) {
                        String v = r.get(i);
                        line.append(String.format("%-" + w[i] + "s  ", v.length() > 100 ? v.substring(0, 99) + "…" : v));
                    }
                    out().println(line.toString().stripTrailing());
                }
            }
            t.advice().forEach(a -> out().println("  → " + a));
            out().println();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Size, uptime, connections, cache hit, longest transaction, archiving, pgAudit, replication.")
    static class DbStatus extends DbVerb {
        @Override
        public Integer call() {
            return show(DatabaseAdmin::status);
        }
    }

    @Command(name = "connections", mixinStandardHelpOptions = true, description = "Connections by application and state (manual 8.1.2).")
    static class DbConnections extends DbVerb {
        @Override
        public Integer call() {
            return show(d -> List.of(d.connections()));
        }
    }

    @Command(name = "slow-queries", mixinStandardHelpOptions = true, description = "Queries averaging over --min-ms (manual 6.2, from pg_stat_statements).")
    static class DbSlowQueries extends DbVerb {
        @Option(names = "--min-ms", defaultValue = "100", description = "default ${DEFAULT-VALUE}")
        int minMs;

        @Option(names = "--limit", defaultValue = "10", description = "default ${DEFAULT-VALUE}")
        int limit;

        @Override
        public Integer call() {
            return show(d -> List.of(d.slowQueries(minMs, limit)));
        }
    }

    @Command(name = "unused-indexes", mixinStandardHelpOptions = true, description = "Indexes never scanned (manual 7.2.2).")
    static class DbUnusedIndexes extends DbVerb {
        @Override
        public Integer call() {
            return show(d -> List.of(d.unusedIndexes()));
        }
    }

    @Command(name = "bloat", mixinStandardHelpOptions = true, description = "Tables with over 1000 dead rows (manual 7.2.3).")
    static class DbBloat extends DbVerb {
        @Override
        public Integer call() {
            return show(d -> List.of(d.bloat()));
        }
    }

    @Command(name = "vacuum", mixinStandardHelpOptions = true, description = "VACUUM ANALYZE the database or one table (manual 7.2.1). Recorded.")
    static class DbVacuum extends DbVerb {
        @Option(names = "--table", description = "one table (default: all)")
        String table;

        @Override
        public Integer call() {
            return show(d -> List.of(d.vacuum(table)));
        }
    }

    @Command(name = "kill-idle", mixinStandardHelpOptions = true,
            description = "End this database's idle sessions older than --older-than (manual 8.1.2, option 1). Recorded.")
    static class DbKillIdle extends DbVerb {
        @Option(names = "--older-than", defaultValue = "10m", paramLabel = "AGE", description = "default ${DEFAULT-VALUE}")
        String olderThan;

        @Option(names = "--dry-run", description = "list them, end nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            var age = Formats.span("--older-than", olderThan);
            return show(d -> List.of(d.killIdle(age, dryRun)));
        }
    }

    @Command(name = "replication", mixinStandardHelpOptions = true, description = "Replicas and their lag (manual 2.1); the Patroni cluster (HOLI_PATRONI_URLS) and READ_REPLICA_URL's own view when set.")
    static class DbReplication extends DbVerb {
        @Override
        public Integer call() {
            return show(DatabaseAdmin::replicationReport);
        }
    }
}
