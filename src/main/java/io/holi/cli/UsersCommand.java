package io.holi.cli;

import io.holi.identity.NewUser;
import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.DataDirectory;
import io.holi.platform.HoliException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage workforce accounts.",
        subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.Deactivate.class,
                UsersCommand.ResetPassword.class})
class UsersCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a user (audited as CREATE_USER).",
                    "The password is read from standard input with --password-stdin, asked for on a terminal, "
                            + "or else generated and printed once."})
    static class Create extends Verb {
        @Option(names = "--email", required = true, description = "sign-in email (unique, any letter case)")
        String email;

        @Option(names = "--name", description = "display name (default: the email)")
        String name;

        @Option(names = "--role", required = true, description = "one of: ${COMPLETION-CANDIDATES}")
        Role role;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            boolean generated = false;
            String password;
            if (passwordStdin) {
                password = readPasswordFromStdin(in());
            } else if (System.console() != null) {
                Console console = System.console();
                char[] typed = console.readPassword("Password for %s (at least 12 characters): ", email);
                password = typed == null ? "" : new String(typed);
            } else {
                password = DataDirectory.randomToken(18);
                generated = true;
            }
            UserService.validatePassword(password);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                UserAccount user = ctx.getBean(UserService.class)
                        .create(new NewUser(email, name == null ? email : name, role, password));
                out().printf("Created %s %s (%s)%n", user.role(), user.email(), user.id());
                if (generated) {
                    out().printf("Password: %s%n(shown once; it is not stored anywhere in clear)%n", password);
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static class ListUsers extends Verb {
        @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "default ${DEFAULT-VALUE}")
        Formats.Listing format;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                List<UserAccount> users = ctx.getBean(UserService.class).list();
                if (format == Formats.Listing.JSON) {
                    var json = ctx.getBean(tools.jackson.databind.json.JsonMapper.class);
                    out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(users));
                } else {
                    out().printf("%-36s  %-9s  %-6s  %s%n", "ID", "ROLE", "ACTIVE", "EMAIL");
                    for (UserAccount u : users) {
                        out().printf("%-36s  %-9s  %-6s  %s%n", u.id(), u.role(), u.active() ? "yes" : "no", u.email());
                    }
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivate a user: sign-in and every token already issued stop working at once.")
    static class Deactivate extends Verb {
        @Parameters(paramLabel = "USER", description = "the user's id or email")
        String user;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                UserService users = ctx.getBean(UserService.class);
                UserAccount done = users.deactivate(userId(users, user));
                out().printf("Deactivated %s (%s)%n", done.email(), done.id());
            }
            return Cli.ExitCode.OK.code();
        }

    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = {"Set a user's password (a forgotten password; audited as PASSWORD_RESET).",
                    "Every token the user holds stops working at once and a lockout ends. The new password is read "
                            + "from standard input with --password-stdin, or else generated and printed once: "
                            + "hand it over in person, and ask the user to change it (POST /api/me/password)."})
    static class ResetPassword extends Verb {
        @Parameters(paramLabel = "USER", description = "the user's id or email")
        String user;

        @Option(names = "--password-stdin", description = "read the new password from the first line of standard input")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            String password = passwordStdin ? readPasswordFromStdin(in()) : DataDirectory.randomToken(18);
            UserService.validatePassword(password);
            try (ConfigurableApplicationContext ctx = context(CliContext.Kind.APPLICATION)) {
                UserService users = ctx.getBean(UserService.class);
                UserAccount done = users.resetPassword(userId(users, user), password);
                out().printf("Password of %s (%s) reset; every token it held stopped working.%n", done.email(), done.id());
                if (!passwordStdin) {
                    out().printf("New password: %s%n(shown once; it is not stored anywhere in clear)%n", password);
                }
            }
            return Cli.ExitCode.OK.code();
        }
    }

    private static String readPasswordFromStdin(java.io.InputStream in) throws java.io.IOException {
        String password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (password == null) {
            throw HoliException.invalid("password", "nothing on standard input");
        }
        return password;
    }

    private static UUID userId(UserService users, String idOrEmail) {
        return parseId(idOrEmail).orElseGet(() -> users.findByEmail(idOrEmail)
                .orElseThrow(() -> HoliException.notFound("No user " + idOrEmail)).id());
    }

    private static java.util.Optional<UUID> parseId(String s) {
        try {
            return java.util.Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
