-- The audit trail's hash chain (holi audit seal / verify / archive / prune). Each batch covers the audit rows
-- with after_id < id <= last_id; its digest covers those rows (rows_sha256) and the previous batch's digest, so
-- a changed, deleted or inserted row breaks the chain from that batch on. The newest digest is also written to
-- the object store, out of reach of a database administrator. Kept in holi_ops: a restore keeps the target's
-- chain, and the restored rows are the ones it sealed.
CREATE TABLE IF NOT EXISTS holi_ops.audit_seals (
    batch          bigint PRIMARY KEY,
    after_id       bigint      NOT NULL,
    last_id        bigint      NOT NULL CHECK (last_id >= after_id),
    row_count      bigint      NOT NULL,
    rows_sha256    text        NOT NULL,
    prev_digest    text        NOT NULL,
    digest         text        NOT NULL,
    format         text        NOT NULL DEFAULT 'v1',
    first_ts       timestamptz,
    last_ts        timestamptz,
    sealed_at      timestamptz NOT NULL DEFAULT now(),
    archive_key    text,
    archive_sha256 text,
    archived_at    timestamptz,
    pruned_at      timestamptz
);
CREATE INDEX IF NOT EXISTS audit_seals_unarchived ON holi_ops.audit_seals (batch) WHERE archive_key IS NULL;
CREATE INDEX IF NOT EXISTS audit_seals_last_id ON holi_ops.audit_seals (last_id);
