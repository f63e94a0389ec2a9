-- The public status page's history, in holi_ops so that a restore of an older backup keeps it (like the evidence).

-- one row per minute and component: the state every instance's probe saw, written by the first instance to probe
-- that minute (the others' inserts do nothing). A minute without rows is a minute no instance could reach the database.
CREATE TABLE IF NOT EXISTS holi_ops.status_probes (
    minute    timestamptz NOT NULL,
    component text        NOT NULL,
    state     text        NOT NULL CHECK (state IN ('operational', 'degraded_performance', 'partial_outage', 'major_outage',
                                                    'under_maintenance')),
    instance  text        NOT NULL,
    PRIMARY KEY (minute, component)
);

-- the probes rolled up per day (in the clinic's time zone) and component: what the 90-day bars and the uptime read
CREATE TABLE IF NOT EXISTS holi_ops.status_daily (
    day          date        NOT NULL,
    component    text        NOT NULL,
    operational  integer     NOT NULL,
    degraded     integer     NOT NULL,
    partial      integer     NOT NULL,
    major        integer     NOT NULL,
    maintenance  integer     NOT NULL,
    first_minute timestamptz NOT NULL,
    PRIMARY KEY (day, component)
);

-- scheduled maintenance: shown ahead of time, started and ended by holi itself (optionally with maintenance mode)
CREATE TABLE IF NOT EXISTS holi_ops.maintenance_windows (
    id               uuid PRIMARY KEY,
    title            text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL CHECK (ends_at > starts_at),
    components       text[]      NOT NULL,
    maintenance_mode boolean     NOT NULL DEFAULT false,
    status           text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);
CREATE INDEX IF NOT EXISTS maintenance_windows_open ON holi_ops.maintenance_windows (starts_at) WHERE status IN ('scheduled', 'in_progress');
