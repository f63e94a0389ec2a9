-- Incident records (manual 2.2 step 4, 6.1; HIPAA 45 CFR 164.308(a)(6), 164.400-414), in holi_ops so that a
-- restore of an older backup keeps them: they are evidence. The timeline itself is audit records (resource
-- 'incident'), sealed into the hash chain like every other record.
CREATE SEQUENCE IF NOT EXISTS holi_ops.incident_number;

CREATE TABLE IF NOT EXISTS holi_ops.incidents (
    id                uuid PRIMARY KEY,
    number            integer     NOT NULL UNIQUE DEFAULT nextval('holi_ops.incident_number'),
    title             text        NOT NULL,
    type              text        NOT NULL CHECK (type IN ('AVAILABILITY', 'SECURITY_PRIVACY', 'DATA_INTEGRITY')),
    severity          text        NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    status            text        NOT NULL CHECK (status IN ('DECLARED', 'INVESTIGATING', 'CONTAINED', 'RESOLVED', 'CLOSED')),
    commander         text        NOT NULL,
    summary           text        NOT NULL DEFAULT '',
    components        text[]      NOT NULL DEFAULT '{}',
    impact            text        NOT NULL DEFAULT 'partial_outage',
    occurred_at       timestamptz,
    detected_at       timestamptz NOT NULL,
    discovered_at     timestamptz NOT NULL,
    contained_at      timestamptz,
    resolved_at       timestamptz,
    closed_at         timestamptz,
    declared_at       timestamptz NOT NULL DEFAULT now(),
    declared_by       text        NOT NULL,
    alert_fingerprint text,
    root_cause        text,
    detection         text,
    went_well         text,
    went_badly        text
);
-- one open incident per firing alert: Alertmanager's repeats and retries find it instead of opening another
CREATE UNIQUE INDEX IF NOT EXISTS incidents_open_alert ON holi_ops.incidents (alert_fingerprint)
    WHERE alert_fingerprint IS NOT NULL AND closed_at IS NULL;

-- what the public reads on the status page: separate, reviewed text; never the internal timeline
CREATE TABLE IF NOT EXISTS holi_ops.incident_updates (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES holi_ops.incidents (id),
    status      text        NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    body        text        NOT NULL,
    posted_at   timestamptz NOT NULL DEFAULT now(),
    posted_by   text        NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_updates_incident ON holi_ops.incident_updates (incident_id, posted_at);

-- what an incident is about: alerts, audit records, break-glass grants, anomaly findings
CREATE TABLE IF NOT EXISTS holi_ops.incident_links (
    incident_id uuid        NOT NULL REFERENCES holi_ops.incidents (id),
    kind        text        NOT NULL CHECK (kind IN ('ALERT', 'AUDIT_RECORD', 'BREAK_GLASS', 'ANOMALY')),
    ref         text        NOT NULL,
    note        text        NOT NULL DEFAULT '',
    linked_at   timestamptz NOT NULL DEFAULT now(),
    linked_by   text        NOT NULL,
    PRIMARY KEY (incident_id, kind, ref)
);

CREATE TABLE IF NOT EXISTS holi_ops.incident_actions (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES holi_ops.incidents (id),
    description text        NOT NULL,
    owner       text        NOT NULL,
    due         date        NOT NULL,
    done_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- the four factors of 45 CFR 164.402(2), the exceptions of 164.402(1), the decision and who approved it
CREATE TABLE IF NOT EXISTS holi_ops.breach_assessments (
    incident_id        uuid PRIMARY KEY REFERENCES holi_ops.incidents (id),
    phi_nature         text        NOT NULL DEFAULT '',
    recipient          text        NOT NULL DEFAULT '',
    acquired_or_viewed text        NOT NULL DEFAULT '',
    mitigation         text        NOT NULL DEFAULT '',
    exception          text CHECK (exception IN ('UNINTENTIONAL_WORKFORCE', 'INADVERTENT_AUTHORIZED', 'UNABLE_TO_RETAIN')),
    affected_patients  integer     NOT NULL DEFAULT 0 CHECK (affected_patients >= 0),
    residents_by_state jsonb       NOT NULL DEFAULT '{}'::jsonb,
    decision           text        NOT NULL DEFAULT 'PENDING' CHECK (decision IN ('PENDING', 'BREACH', 'NOT_A_BREACH')),
    justification      text        NOT NULL DEFAULT '',
    approver           text,
    decided_at         timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS holi_ops.breach_notifications (
    id          uuid PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES holi_ops.incidents (id),
    recipient   text        NOT NULL CHECK (recipient IN ('INDIVIDUALS', 'HHS', 'MEDIA')),
    sent_at     timestamptz NOT NULL,
    method      text        NOT NULL,
    note        text        NOT NULL DEFAULT '',
    recorded_by text        NOT NULL
);

-- the 30/45/55-day reminders sent, so that each goes once however many instances look
CREATE TABLE IF NOT EXISTS holi_ops.breach_reminders (
    incident_id uuid        NOT NULL REFERENCES holi_ops.incidents (id),
    day         integer     NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (incident_id, day)
);

-- an incident's timeline is read from the audit trail by its id
CREATE INDEX IF NOT EXISTS audit_logs_incident_timeline ON audit_logs (resource_id, id) WHERE resource = 'incident';
