package io.holi.fhir;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.holi.audit.AuditAction;
import io.holi.audit.AuditEvent;
import io.holi.audit.AuditTrail;
import io.holi.fhir.internal.BackendClients;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.platform.HoliException;
import io.holi.platform.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SMART Backend Services clients: registered with their public keys, the system/ scopes they may be granted, and
 * the user whose role and grants they act with; revoked at once (their tokens stop working on the next request).
 */
@Service
public class FhirClients {

    private final BackendClients clients;
    private final UserService users;
    private final AuditTrail audit;

    FhirClients(BackendClients clients, UserService users, AuditTrail audit) {
        this.clients = clients;
        this.users = users;
        this.audit = audit;
    }

    @Transactional
    public FhirClient add(String name, String jwks, String scope, String actingUserEmail) {
        if (name == null || !name.matches("^[a-z0-9][a-z0-9._-]{1,62}$")) {
            throw HoliException.invalid("name", "must be 2 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String scopes = normaliseScope(scope);
        JWKSet keys = publicKeys(jwks);
        UserAccount user = users.findByEmail(actingUserEmail)
                .orElseThrow(() -> HoliException.invalid("user", "no user with email " + actingUserEmail));
        if (!user.active()) {
            throw HoliException.invalid("user", user.email() + " is deactivated");
        }
        if (user.role() == Role.AUDITOR) {
            throw HoliException.invalid("user", "auditors never read PHI: a client acting as one could export nothing");
        }
        if (clients.list().stream().anyMatch(c -> c.name().equals(name))) {
            throw HoliException.conflict("A client named " + name + " is already registered (revoked ones keep their name)");
        }
        UUID id = UUID.randomUUID();
        String by = "system:" + System.getProperty("user.name", "unknown");
        clients.insert(id, name, keys.toString(true), scopes, user.id(), by);
        audit.record(AuditEvent.of(AuditAction.CREATE).resource("FhirClient", id).detail("client", name)
                .detail("scope", scopes).detail("actingUser", user.id().toString()).build());
        return list().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    public List<FhirClient> list() {
        Map<UUID, String> emails = users.list().stream().collect(Collectors.toMap(UserAccount::id, UserAccount::email));
        return clients.list().stream().map(c -> new FhirClient(c.id(), c.name(), c.scope(), c.actingUserId(),
                emails.getOrDefault(c.actingUserId(), "?"), c.keys(), c.createdBy(), c.createdAt(), c.revokedAt())).toList();
    }

    @Transactional
    public FhirClient revoke(String nameOrId) {
        FhirClient c = clients.revoke(nameOrId).orElseThrow(() -> HoliException.notFound("No client named " + nameOrId));
        audit.record(AuditEvent.of(AuditAction.DELETE).resource("FhirClient", c.id()).detail("client", c.name())
                .detail("operation", "revoke").build());
        return c;
    }

    /** system/ scopes only, each one SMART understands; stored in a canonical order. */
    static String normaliseScope(String scope) {
        if (scope == null || scope.isBlank()) {
            throw HoliException.invalid("scope", "is required, e.g. system/*.rs or \"system/Patient.rs system/Appointment.rs\"");
        }
        List<String> parts = Arrays.stream(scope.trim().split("\\s+")).distinct().sorted().toList();
        for (String s : parts) {
            if (!s.matches("^system/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)$") || s.endsWith(".")) {
                throw HoliException.invalid("scope", s + " is not a system/ scope (system/<Type or *>.<cruds>, e.g. system/Patient.rs)");
            }
        }
        return String.join(" ", parts);
    }

    /** Only public keys, RSA or EC, each with a kid (the assertion names the key it was signed with). */
    static JWKSet publicKeys(String jwks) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks);
        } catch (ParseException e) {
            throw HoliException.invalid("jwks", "is not a JWK set (RFC 7517: {\"keys\": [...]})");
        }
        if (set.getKeys().isEmpty()) {
            throw HoliException.invalid("jwks", "holds no keys");
        }
        for (JWK k : set.getKeys()) {
            if (k.isPrivate()) {
                throw HoliException.invalid("jwks", "holds a private key: register the public keys only, and keep the private one with the client");
            }
            if (!(k instanceof com.nimbusds.jose.jwk.RSAKey) && !(k instanceof com.nimbusds.jose.jwk.ECKey)) {
                throw HoliException.invalid("jwks", "keys must be RSA or EC (SMART asks for RS384 or ES384)");
            }
            if (k.getKeyID() == null) {
                throw HoliException.invalid("jwks", "every key needs a kid");
            }
        }
        return new JWKSet(set.getKeys().stream().map(JWK::toPublicJWK).map(Function.<JWK>identity()).toList());
    }
}
