-- The second factor (TOTP, RFC 6238): the shared secret encrypted like PHI (users.mfa_secret, bytea, field cipher),
-- when it was confirmed, and the last time step accepted (a code is never accepted twice).
ALTER TABLE users
    ADD COLUMN mfa_secret      bytea,
    ADD COLUMN mfa_enrolled_at timestamptz,
    ADD COLUMN mfa_last_step   bigint;

-- Ten single-use recovery codes per user: a public lookup part and a hash of the secret part.
CREATE TABLE user_recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_id    text        NOT NULL,
    code_hash  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_id)
);
