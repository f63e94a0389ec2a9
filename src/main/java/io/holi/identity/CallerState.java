package io.holi.identity;

import io.holi.platform.Caller;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The caller-state rule of a bearer token (the account is active, its role and email are still those the token
 * states, and no sign-out came after the token was issued) as a SQL expression, for a statement that reads a
 * record anyway: the request then costs one round trip instead of two. The same rule the identity module applies
 * when it reads the state on its own; when the expression is not {@code true} that read decides (and says why).
 */
public final class CallerState {

    /**
     * A boolean column: {@code true} when the user bound to {@code :gate_user} still holds what the deferred
     * caller's token claims ({@link #params}); {@code false} or NULL otherwise, and NULL when nothing was deferred.
     */
    public static final String CLAIMS_HOLD = "(SELECT u.active AND u.role = :claimed_role AND u.email = :claimed_email"
            + " AND (u.tokens_valid_after IS NULL OR u.tokens_valid_after <= :claimed_at) FROM users u WHERE u.id = :gate_user)";

    private CallerState() {
    }

    /** The values {@link #CLAIMS_HOLD} compares: the deferred caller's claims, or NULLs. */
    public static Map<String, Object> params(Optional<Caller.Deferred> deferred) {
        Map<String, Object> params = new HashMap<>();
        params.put("claimed_role", deferred.map(d -> d.claimed().role().name()).orElse(null));
        params.put("claimed_email", deferred.map(d -> d.claimed().email()).orElse(null));
        params.put("claimed_at", deferred.map(d -> d.issuedAt().atOffset(ZoneOffset.UTC)).orElse(null));
        return params;
    }
}
