package io.holi.identity;

import io.holi.platform.Role;
import java.time.Instant;
import java.util.UUID;

/** A workforce member as others may see it: never the password hash. */
public record UserAccount(UUID id, String email, String name, Role role, boolean active, Instant createdAt,
                          Instant updatedAt) {
}
