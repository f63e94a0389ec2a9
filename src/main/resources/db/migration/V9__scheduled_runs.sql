-- Each scheduled procedure's run, claimed by exactly one instance (primary key: job and the moment it was due),
-- with its outcome. holi serve prunes rows older than 400 days.
CREATE TABLE IF NOT EXISTS holi_ops.scheduled_runs (
    job           text        NOT NULL,
    scheduled_for timestamptz NOT NULL,
    instance      text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    outcome       text CHECK (outcome IN ('SUCCESS', 'FAILED')),
    result        text,
    PRIMARY KEY (job, scheduled_for)
);
