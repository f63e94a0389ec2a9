package io.holi.identity;

import io.holi.platform.Role;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.identity.internal.UserRepository;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Workforce accounts: the one API behind both {@code /api/users} and {@code holi users …}. */
@Service
public class UserService {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;

    UserService(UserRepository users, PasswordEncoder passwords, AuditTrail audit) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
    }

    /**
     * Creates an active user, audited as CREATE_USER in the same transaction.
     *
     * @throws HoliException CONFLICT when the email is taken (in any letter case)
     */
    @Transactional
    public UserAccount create(NewUser user) {
        validatePassword(user.password());
        String email = normalize(user.email());
        UUID id = UUID.randomUUID();
        try {
            users.insert(id, email, user.name().strip(), user.role(), passwords.encode(user.password()));
        } catch (DuplicateKeyException e) {
            throw HoliException.conflict("A user with email " + email + " already exists");
        }
        audit.record(AuditEvent.of(AuditAction.CREATE_USER).resource("User", id).detail("role", user.role().name()).build());
        return users.find(id).orElseThrow();
    }

    public List<UserAccount> list() {
        return users.findAll();
    }

    public Optional<UserAccount> find(UUID id) {
        return users.find(id);
    }

    public Optional<UserAccount> findByEmail(String email) {
        return users.findByEmail(normalize(email));
    }

    public boolean anyUserExists() {
        return users.count() > 0;
    }

    /**
     * Deactivates: the user can no longer sign in, and tokens already issued stop working at once.
     * The last active administrator cannot be deactivated (nobody could manage users afterwards).
     */
    @Transactional
    public UserAccount deactivate(UUID id) {
        UserAccount user = users.findForUpdate(id).orElseThrow(() -> HoliException.notFound("No user with id " + id));
        if (user.active() && user.role() == Role.ADMIN && users.countActive(Role.ADMIN) <= 1) {
            throw HoliException.conflict("This is the last active administrator; create another administrator first");
        }
        if (user.active()) {
            users.deactivate(id);
            audit.record(AuditEvent.of(AuditAction.DELETE_USER).resource("User", id).build());
        }
        return users.find(id).orElseThrow();
    }

    /** Changes a user's role, effective at once for tokens already issued; audited as ROLE_CHANGE. */
    @Transactional
    public UserAccount changeRole(UUID id, Role role) {
        UserAccount user = users.findForUpdate(id).orElseThrow(() -> HoliException.notFound("No user with id " + id));
        if (user.role() == role) {
            return user;
        }
        if (user.role() == Role.ADMIN && user.active() && users.countActive(Role.ADMIN) <= 1) {
            throw HoliException.conflict("This is the last active administrator; make another user an administrator first");
        }
        users.changeRole(id, role);
        audit.record(AuditEvent.of(AuditAction.ROLE_CHANGE).resource("User", id)
                .detail("from", user.role().name()).detail("to", role.name()).build());
        return users.find(id).orElseThrow();
    }

    static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    public static void validatePassword(String password) {
        PasswordPolicy.require("password", password);
    }

    /**
     * An administrator sets a user's password (a forgotten password): every token the user holds stops working at
     * once, a lockout ends, and the reset is audited as PASSWORD_RESET. Nobody resets their own password this way:
     * changing one's own password asks for the current one.
     */
    @Transactional
    public UserAccount resetPassword(UUID id, String newPassword) {
        PasswordPolicy.require("password", newPassword);
        UserAccount user = users.findForUpdate(id).orElseThrow(() -> HoliException.notFound("No user with id " + id));
        if (Caller.current().map(c -> c.id().equals(id)).orElse(false)) {
            throw HoliException.forbidden("Nobody resets their own password; change it with your current password instead");
        }
        users.setPassword(id, passwords.encode(newPassword));
        audit.record(AuditEvent.of(AuditAction.PASSWORD_RESET).resource("User", id).build());
        return user;
    }
}
