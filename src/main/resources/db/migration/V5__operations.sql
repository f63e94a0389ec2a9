-- Operational state and evidence, in a schema of their own: restoring an older backup into the live database
-- replaces the public schema but keeps these (the maintenance flag that holds the service off during the
-- restore, and the record of every backup, drill and check, which an auditor needs to survive a restore).
CREATE SCHEMA IF NOT EXISTS holi_ops;

CREATE TABLE IF NOT EXISTS holi_ops.maintenance (
    id     integer PRIMARY KEY CHECK (id = 1),
    active boolean     NOT NULL DEFAULT false,
    reason text,
    since  timestamptz,
    actor  text
);
INSERT INTO holi_ops.maintenance (id, active) VALUES (1, false) ON CONFLICT (id) DO NOTHING;

-- every operational procedure's run: backups, verifications, restores, drills, checks (evidence for compliance)
CREATE TABLE IF NOT EXISTS holi_ops.operation_runs (
    id          uuid PRIMARY KEY,
    kind        text        NOT NULL,
    subject     text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('SUCCESS', 'WARNING', 'FAILED')),
    actor       text        NOT NULL,
    host        text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS operation_runs_kind_started ON holi_ops.operation_runs (kind, started_at DESC);
CREATE INDEX IF NOT EXISTS operation_runs_subject ON holi_ops.operation_runs (subject, started_at DESC);
