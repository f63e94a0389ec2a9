package io.holi.identity.internal;

import io.holi.identity.IdentityProperties;
import io.holi.identity.NewUser;
import io.holi.platform.Role;
import io.holi.identity.UserService;
import io.holi.platform.DataDirectory;
import io.holi.database.HoliDatabase;
import io.holi.platform.HoliException;
import io.holi.platform.HoliProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first administrator, when no user exists yet: from HOLI_ADMIN_EMAIL/HOLI_ADMIN_PASSWORD, or on the
 * embedded default a generated password printed once and kept in holi-data/initial-admin-password (0600).
 */
@Component
class InitialAdministrator {

    static final String DEFAULT_EMAIL = "admin@holi.local";
    private static final Logger log = LoggerFactory.getLogger(InitialAdministrator.class);

    private final UserService users;
    private final IdentityProperties identity;
    private final HoliProperties holi;
    private final HoliDatabase database;

    InitialAdministrator(UserService users, IdentityProperties identity, HoliProperties holi, HoliDatabase database) {
        this.users = users;
        this.identity = identity;
        this.holi = holi;
        this.database = database;
    }

    /** First, before anything else that makes users at start (the demo clinic): "no user yet" means a new install. */
    @EventListener(ApplicationStartedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void createIfNoUserExists() {
        if (!holi.serving() || users.anyUserExists()) {
            return;
        }
        String email = identity.adminEmail();
        String password = identity.adminPassword();
        if (email != null && !email.isBlank() && password != null && !password.isBlank()) {
            try {
                users.create(new NewUser(email, "Administrator", Role.ADMIN, password));
                log.info("Created the first administrator from HOLI_ADMIN_EMAIL");
            } catch (HoliException e) {
                // instances started together on a new database (a compose file's web-1 and web-2): one creates the
                // administrator, the others find it there and start as well
                if (e.kind() != HoliException.Kind.CONFLICT) {
                    throw e;
                }
                log.info("The first administrator was created by another instance starting at the same time");
            }
            return;
        }
        if (database.mode() != HoliDatabase.Mode.EMBEDDED) {
            log.warn("No user exists yet. Set HOLI_ADMIN_EMAIL and HOLI_ADMIN_PASSWORD and restart, "
                    + "or run: holi users create --role ADMIN --email you@example.org");
            return;
        }
        String generated = DataDirectory.randomToken(18);
        users.create(new NewUser(DEFAULT_EMAIL, "Administrator", Role.ADMIN, generated));
        Path file = holi.dataDir().resolve("initial-admin-password");
        try {
            Files.deleteIfExists(file);
            DataDirectory.writePrivate(file, generated + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        // printed once, to the terminal only: it never goes through the logs
        System.out.printf("%n  First administrator created: %s%n  Password: %s%n  (also in %s, mode 0600; "
                + "create your own admin and deactivate this one)%n%n", DEFAULT_EMAIL, generated, file.toAbsolutePath());
        System.out.flush();
    }
}
