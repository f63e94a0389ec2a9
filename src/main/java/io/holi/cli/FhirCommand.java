package io.holi.cli;

import io.holi.fhir.FhirClient;
import io.holi.fhir.FhirClients;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

@Command(name = "fhir", mixinStandardHelpOptions = true, description = "The FHIR R4 interface (/fhir): its backend clients.",
        subcommands = {FhirCommand.Clients.class})
class FhirCommand extends CommandGroup {

    @Command(name = "clients", mixinStandardHelpOptions = true,
            description = {"SMART Backend Services clients: systems that read FHIR without a person signing in.",
                    "A client authenticates at /api/fhir/token with a JWT signed by one of its keys (RFC 7523), and acts "
                            + "with the role and grants of the user it is registered for, narrowed to its system/ scopes."},
            subcommands = {Add.class, ListClients.class, Revoke.class})
    static class Clients extends CommandGroup {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a backend client (audited as CREATE of a FhirClient); prints its client_id.",
                    "Give the client its client_id; it finds the token endpoint in this server's SMART configuration "
                            + "(GET /.well-known/smart-configuration)."})
    static class Add extends Verb {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "a name for people and audit records: 2-63 of a-z 0-9 . _ -")
        String name;

        @Option(names = "--jwks", required = true, paramLabel = "FILE",
                description = "the client's PUBLIC keys as a JWK set (RSA or EC, each with a kid)")
        Path jwks;

        @Option(names = "--user", required = true, paramLabel = "EMAIL",
                description = "the user whose role and grants the client acts with (never more than they may)")
        String user;

        @Option(names = "--scope", required = true, paramLabel = "SCOPES", description = "the system/ scopes it may ask for, e.g. \"system/*.rs\"")
        String scope;

        @Override
        public Integer call() throws IOException {
            String keys;
            try {
                keys = Files.readString(jwks);
            } catch (NoSuchFileException e) {
                throw HoliException.invalid("jwks", "no file " + jwks);
            }
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                FhirClient c = ctx.getBean(FhirClients.class).add(name, keys, scope, user);
                out().printf("Registered client %s%n  client_id: %s%n  acts as:   %s%n  scope:     %s%n  keys:      %d%n",
                        c.name(), c.id(), c.actingUserEmail(), c.scope(), c.keys());
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List backend clients, revoked ones too.")
    static class ListClients extends Verb {
        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<FhirClient> clients = ctx.getBean(FhirClients.class).list();
                if (clients.isEmpty()) {
                    out().println("No backend clients registered (holi fhir clients add).");
                    return Cli.ExitCode.OK.code();
                }
                out().printf("%-36s  %-20s  %-8s  %-28s  %s%n", "CLIENT_ID", "NAME", "STATE", "ACTS AS", "SCOPE");
                for (FhirClient c : clients) {
                    out().printf("%-36s  %-20s  %-8s  %-28s  %s%n", c.id(), c.name(), c.active() ? "active" : "revoked",
                            c.actingUserEmail(), c.scope());
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a client: new tokens are refused and tokens it holds stop working on their next request.")
    static class Revoke extends Verb {
        @Parameters(paramLabel = "CLIENT", description = "the client's name or client_id")
        String client;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                FhirClient c = ctx.getBean(FhirClients.class).revoke(client);
                out().printf("Revoked client %s (%s) at %s%n", c.name(), c.id(), c.revokedAt().map(Object::toString).orElse("now"));
            }
            return Cli.ExitCode.OK.code();
        }
    }
}
