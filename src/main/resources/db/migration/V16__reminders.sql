-- Appointment reminders by SMS and email (issue 15). Consent per patient and channel; an outbox with one row per
-- appointment x channel x offset, claimed by every instance's worker with FOR UPDATE SKIP LOCKED; no message text
-- is stored (it is rendered when sent), and the patient's link token only as its SHA-256.
CREATE TABLE reminder_consents (
    patient_id  uuid        NOT NULL REFERENCES patients (id),
    channel     text        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    opted_in    boolean     NOT NULL,
    -- who or what set it: staff (web or API), the patient (an SMS keyword, a link), the provider (opt-out list,
    -- bounce, complaint)
    source      text        NOT NULL CHECK (source IN ('STAFF', 'PATIENT_SMS', 'PROVIDER_OPT_OUT', 'BOUNCE', 'COMPLAINT')),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  uuid REFERENCES users (id),
    language    text        NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$'),
    PRIMARY KEY (patient_id, channel)
);

CREATE TABLE reminders (
    id                  uuid PRIMARY KEY,
    appointment_id      uuid        NOT NULL REFERENCES appointments (id),
    patient_id          uuid        NOT NULL REFERENCES patients (id),
    channel             text        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    offset_minutes      integer     NOT NULL CHECK (offset_minutes > 0),
    appointment_at      timestamptz NOT NULL,
    due_at              timestamptz NOT NULL,
    -- PENDING: waiting for due_at/next_attempt_at; SENDING: claimed by a worker until lease_until; SENT: the provider
    -- accepted it; DELIVERED: the provider says it arrived; FAILED: final; VOID: the appointment moved, was cancelled
    -- or missed; SKIPPED: not sent (no consent, vendor disabled, no address), reason in error
    status              text        NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'VOID', 'SKIPPED')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL,
    lease_until         timestamptz,
    provider_message_id text,
    provider_status     text,
    error               text,
    outcome             text,
    sent_at             timestamptz,
    link_hash           bytea UNIQUE,
    link_expires_at     timestamptz,
    link_used_at        timestamptz,
    link_used_for       text CHECK (link_used_for IN ('CONFIRM', 'CANCEL')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (appointment_id, channel, offset_minutes)
);
-- what a worker claims: due, pending, oldest first
CREATE INDEX reminders_due ON reminders (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX reminders_stale_leases ON reminders (lease_until) WHERE status = 'SENDING';
CREATE UNIQUE INDEX reminders_provider_message ON reminders (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX reminders_updated ON reminders (updated_at);
