-- Workforce identities. Emails are stored lower-cased and unique regardless of case.
CREATE TABLE users (
    id                 uuid PRIMARY KEY,
    email              text        NOT NULL CHECK (email = lower(email) AND length(email) <= 320),
    name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role               text        NOT NULL CHECK (role IN ('ADMIN', 'CLINICIAN', 'STAFF', 'AUDITOR')),
    password_hash      text        NOT NULL,
    active             boolean     NOT NULL DEFAULT true,
    failed_logins      integer     NOT NULL DEFAULT 0,
    locked_until       timestamptz,
    -- tokens issued before this instant are refused (sign-out, password change)
    tokens_valid_after timestamptz,
    last_login_at      timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_role_idx ON users (role) WHERE active;
