package io.holi.fhir.internal;

import io.holi.fhir.FhirClient;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The registered backend clients and the assertions they have spent. */
@Repository
public class BackendClients {

    /** A client as the token endpoint needs it: its keys and what it may be granted. */
    public record Registration(UUID id, String name, String jwks, String scope, UUID actingUserId, boolean active) {
        @Override
        public String toString() {
            return "Registration[" + name + "]";
        }
    }

    private final JdbcClient jdbc;

    BackendClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String name, String jwks, String scope, UUID actingUser, String createdBy) {
        jdbc.sql("INSERT INTO fhir_clients (id, name, jwks, scope, acting_user_id, created_by) VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?)")
                .params(id, name, jwks, scope, actingUser, createdBy).update();
    }

    public Optional<Registration> registration(UUID id) {
        return jdbc.sql("SELECT id, name, jwks::text AS jwks, scope, acting_user_id, revoked_at IS NULL AS active FROM fhir_clients WHERE id = ?")
                .param(id)
                .query((rs, i) -> new Registration(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("jwks"),
                        rs.getString("scope"), rs.getObject("acting_user_id", UUID.class), rs.getBoolean("active")))
                .optional();
    }

    public boolean active(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM fhir_clients WHERE id = ? AND revoked_at IS NULL)").param(id)
                .query(Boolean.class).single();
    }

    /** Raw rows; the service adds the acting user's email from the identity module. */
    public List<FhirClient> list() {
        return jdbc.sql("""
                        SELECT id, name, scope, acting_user_id, jsonb_array_length(jwks -> 'keys') AS keys, created_by, created_at, revoked_at
                        FROM fhir_clients ORDER BY name""")
                .query((rs, i) -> new FhirClient(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("scope"),
                        rs.getObject("acting_user_id", UUID.class), null, rs.getInt("keys"), rs.getString("created_by"),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(Timestamp::toInstant)))
                .list();
    }

    /** Revokes by name or id; empty when no such client, the revocation instant (old or new) otherwise. */
    public Optional<FhirClient> revoke(String nameOrId) {
        jdbc.sql("UPDATE fhir_clients SET revoked_at = now() WHERE (name = ? OR id::text = ?) AND revoked_at IS NULL")
                .params(nameOrId, nameOrId).update();
        return list().stream().filter(c -> c.name().equals(nameOrId) || c.id().toString().equals(nameOrId)).findFirst();
    }

    /** Spends an assertion's jti: false when it was already used (a replay). Spent ones are forgotten once expired. */
    public boolean spend(UUID clientId, String jti, Instant expiresAt) {
        jdbc.sql("DELETE FROM fhir_client_assertions WHERE expires_at < now() - interval '1 hour'").update();
        try {
            jdbc.sql("INSERT INTO fhir_client_assertions (client_id, jti, expires_at) VALUES (?, ?, ?)")
                    .params(clientId, jti, Timestamp.from(expiresAt)).update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
