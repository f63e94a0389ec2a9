package io.holi.cli;

import io.holi.access.TemporaryAccess;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = {"Temporary database access for people (manual 5.1.2): expiring PostgreSQL roles, recorded, every statement "
                + "logged by pgAudit, dropped once expired (holi serve checks every 5 minutes)."},
        subcommands = {AccessCommand.AccessGrantTemp.class, AccessCommand.AccessList.class, AccessCommand.AccessRevokeExpired.class})
class AccessCommand extends CommandGroup {

    @Command(name = "grant-temp", mixinStandardHelpOptions = true,
            description = {"Create an expiring role (VALID UNTIL) and print its password once.",
                    "read: SELECT on every table; write: also INSERT, UPDATE, DELETE. Never UPDATE, DELETE or TRUNCATE on the audit trail."})
    static class AccessGrantTemp extends Verb {
        @Option(names = "--privilege", required = true, paramLabel = "read|write", description = "what the role may do")
        String privilege;

        @Option(names = "--ttl", defaultValue = "1h", paramLabel = "AGE", description = "how long it lives, at most 8h (default ${DEFAULT-VALUE})")
        String ttl;

        @Option(names = "--reason", required = true, description = "the ticket and why, e.g. \"INC-142: repair appointment statuses\"")
        String reason;

        @Option(names = "--for", paramLabel = "PERSON", description = "who will use it (default: the person running this)")
        String forWhom;

        @Override
        public Integer call() {
            var span = Formats.span("--ttl", ttl);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                String who = forWhom != null ? forWhom : "system:" + System.getProperty("user.name", "unknown");
                TemporaryAccess.Granted g = ctx.getBean(TemporaryAccess.class).grant(privilege, span, reason, who);
                out().printf("Created %s (%s) for %s, valid until %s.%n", g.role(), g.privilege(), who, Formats.utc(g.validUntil()));
                out().printf("  connect:  psql \"%s\"%n", g.connection());
                out().printf("  password: %s%n", g.password());
                out().println("The password is shown this once and stored nowhere. Every statement is logged (pgAudit); "
                        + "the role is dropped when it expires.");
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Temporary roles: who, why, until when, dropped or not.")
    static class AccessList extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<TemporaryAccess.Entry> all = ctx.getBean(TemporaryAccess.class).list();
                if (all.isEmpty()) {
                    out().println("No temporary access has been granted.");
                    return Cli.ExitCode.OK.code();
                }
                out().printf("%-30s %-6s %-23s %-10s %-24s %s%n", "ROLE", "PRIV", "VALID UNTIL", "STATE", "FOR", "REASON");
                for (TemporaryAccess.Entry e : all) {
                    String state = e.droppedAt() != null ? "dropped" : e.validUntil().isBefore(java.time.Instant.now()) ? "EXPIRED" : "active";
                    out().printf("%-30s %-6s %-23s %-10s %-24s %s%n", e.role(), e.privilege(), Formats.utc(e.validUntil()), state,
                            e.grantedBy(), e.reason());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "revoke-expired", mixinStandardHelpOptions = true, description = "End the sessions of expired roles and drop them.")
    static class AccessRevokeExpired extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<String> dropped = ctx.getBean(TemporaryAccess.class).revokeExpired();
                out().println(dropped.isEmpty() ? "No expired role to drop." : "Dropped " + String.join(", ", dropped) + ".");
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
