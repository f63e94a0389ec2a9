-- Temporary database access (holi access grant-temp, manual 5.1.2): every expiring role holi created, why, for
-- whom, until when, and when it was dropped. Kept in holi_ops with the other evidence.
CREATE TABLE IF NOT EXISTS holi_ops.temporary_access (
    role_name   text PRIMARY KEY,
    privilege   text        NOT NULL CHECK (privilege IN ('read', 'write')),
    reason      text        NOT NULL,
    granted_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    valid_until timestamptz NOT NULL,
    dropped_at  timestamptz
);
