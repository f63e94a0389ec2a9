-- FHIR: SMART Backend Services clients, the assertions they have used, and Bulk Data export jobs.

-- A registered backend client: its public keys (a JWK set), the system/ scopes it may ask for, and the user whose
-- role and grants it acts with (a client never sees more than that user could). Revoked, never deleted: the audit
-- trail names it.
CREATE TABLE fhir_clients (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    jwks           jsonb       NOT NULL,
    scope          text        NOT NULL,
    acting_user_id uuid        NOT NULL REFERENCES users (id),
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

-- Each signed assertion is good once (RFC 7523 §3: jti); kept until it would have expired anyway.
CREATE TABLE fhir_client_assertions (
    client_id  uuid        NOT NULL REFERENCES fhir_clients (id),
    jti        text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);

-- A Bulk Data $export: asked by a user or a client (acting as its user), worked by one instance, its NDJSON files in
-- the object store until expires_at.
CREATE TABLE fhir_exports (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id),
    client_id    uuid        REFERENCES fhir_clients (id),
    requester    text        NOT NULL,
    level        text        NOT NULL CHECK (level IN ('Patient', 'Group')),
    group_id     text,
    types        text        NOT NULL,
    since        timestamptz,
    request_url  text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('ACCEPTED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    progress     text,
    error        text,
    output       jsonb,
    requested_at timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    expires_at   timestamptz
);
CREATE INDEX fhir_exports_waiting ON fhir_exports (requested_at) WHERE status = 'ACCEPTED';
