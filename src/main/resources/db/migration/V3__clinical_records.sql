-- Clinical records. PHI that is not needed for search or scheduling is stored only as AES-256-GCM ciphertext
-- written by the application (columns ending in _enc); names, birth date, sex and MRN stay in clear so they
-- can be searched. A CHECK on every _enc column refuses anything that is not holi's ciphertext format, so
-- plaintext can never be written where ciphertext belongs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE FUNCTION holi_is_ciphertext(value bytea) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS
$$ SELECT value IS NULL OR (length(value) >= 31 AND get_byte(value, 0) = 1) $$;

-- check values of every key version ever used (an HMAC of a fixed text, never the key)
CREATE TABLE crypto_keys (
    purpose       text        NOT NULL CHECK (purpose IN ('field', 'blind-index')),
    version       integer     NOT NULL,
    check_value   bytea       NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    retired_at    timestamptz,
    PRIMARY KEY (purpose, version)
);

CREATE SEQUENCE patients_mrn_seq START 100001;

CREATE TABLE patients (
    id               uuid PRIMARY KEY,
    mrn              text        NOT NULL UNIQUE,
    first_name       text        NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name        text        NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    date_of_birth    date        NOT NULL,
    sex              text CHECK (sex IN ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN')),
    email_enc        bytea CHECK (holi_is_ciphertext(email_enc)),
    phone_enc        bytea CHECK (holi_is_ciphertext(phone_enc)),
    address_enc      bytea CHECK (holi_is_ciphertext(address_enc)),
    national_id_enc  bytea CHECK (holi_is_ciphertext(national_id_enc)),
    email_bidx       bytea,
    phone_bidx       bytea,
    national_id_bidx bytea,
    created_by       uuid REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    deleted_by       uuid REFERENCES users (id)
);

CREATE INDEX patients_name_trgm ON patients USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX patients_last_name_prefix ON patients (lower(last_name) text_pattern_ops);
CREATE INDEX patients_first_name_prefix ON patients (lower(first_name) text_pattern_ops);
CREATE INDEX patients_dob ON patients (date_of_birth);
CREATE INDEX patients_email_bidx ON patients (email_bidx) WHERE email_bidx IS NOT NULL;
CREATE INDEX patients_phone_bidx ON patients (phone_bidx) WHERE phone_bidx IS NOT NULL;
CREATE INDEX patients_national_id_bidx ON patients (national_id_bidx) WHERE national_id_bidx IS NOT NULL;
CREATE INDEX patients_active_created ON patients (created_at) WHERE deleted_at IS NULL;

-- Who may see which patient (the manual joins audit_logs to it by this name). kind: GRANT given by an
-- administrator, CREATOR for whoever registered the patient, BREAK_GLASS for emergency access (1 hour,
-- reason required, reviewed afterwards).
CREATE TABLE data_access_grants (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id),
    patient_id  uuid        NOT NULL REFERENCES patients (id),
    granted_by  uuid REFERENCES users (id),
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    kind        text        NOT NULL DEFAULT 'GRANT' CHECK (kind IN ('GRANT', 'CREATOR', 'BREAK_GLASS')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    revoked_by  uuid REFERENCES users (id),
    reviewed_at timestamptz,
    reviewed_by uuid REFERENCES users (id),
    review_note text CHECK (length(review_note) <= 1000)
);

CREATE INDEX data_access_grants_user_patient ON data_access_grants (user_id, patient_id);
CREATE INDEX data_access_grants_patient ON data_access_grants (patient_id);
CREATE INDEX data_access_grants_break_glass ON data_access_grants (created_at) WHERE kind = 'BREAK_GLASS';

CREATE TABLE appointments (
    id               uuid PRIMARY KEY,
    patient_id       uuid        NOT NULL REFERENCES patients (id),
    clinician_id     uuid        NOT NULL REFERENCES users (id),
    starts_at        timestamptz NOT NULL,
    duration_minutes integer     NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    ends_at          timestamptz NOT NULL,
    status           text        NOT NULL DEFAULT 'SCHEDULED'
        CHECK (status IN ('SCHEDULED', 'CHECKED_IN', 'COMPLETED', 'CANCELLED', 'NO_SHOW')),
    reason_enc       bytea CHECK (holi_is_ciphertext(reason_enc)),
    created_by       uuid REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    -- one clinician cannot be in two appointments at once (cancelled and no-show ones do not count)
    CONSTRAINT appointments_no_overlap EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status NOT IN ('CANCELLED', 'NO_SHOW'))
);

CREATE INDEX appointments_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_day ON appointments (starts_at);

CREATE TABLE prescriptions (
    id                     uuid PRIMARY KEY,
    patient_id             uuid        NOT NULL REFERENCES patients (id),
    prescriber_id          uuid        NOT NULL REFERENCES users (id),
    medication_enc         bytea       NOT NULL CHECK (holi_is_ciphertext(medication_enc)),
    dosage_enc             bytea       NOT NULL CHECK (holi_is_ciphertext(dosage_enc)),
    route_enc              bytea CHECK (holi_is_ciphertext(route_enc)),
    frequency_enc          bytea CHECK (holi_is_ciphertext(frequency_enc)),
    quantity               integer     NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    refills                integer     NOT NULL DEFAULT 0 CHECK (refills BETWEEN 0 AND 12),
    instructions_enc       bytea CHECK (holi_is_ciphertext(instructions_enc)),
    status                 text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISCONTINUED')),
    created_at             timestamptz NOT NULL DEFAULT now(),
    discontinued_at        timestamptz,
    discontinued_by        uuid REFERENCES users (id),
    discontinue_reason_enc bytea CHECK (holi_is_ciphertext(discontinue_reason_enc))
);

CREATE INDEX prescriptions_patient ON prescriptions (patient_id, created_at);
CREATE INDEX prescriptions_created ON prescriptions (created_at);

-- Notes are legal records: an edit adds a version, earlier versions stay.
CREATE TABLE notes (
    id              uuid PRIMARY KEY,
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    author_id       uuid        NOT NULL REFERENCES users (id),
    current_version integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notes_patient ON notes (patient_id, created_at);

CREATE TABLE note_versions (
    id         uuid PRIMARY KEY,
    note_id    uuid        NOT NULL REFERENCES notes (id),
    version    integer     NOT NULL,
    text_enc   bytea       NOT NULL CHECK (holi_is_ciphertext(text_enc)),
    author_id  uuid        NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (note_id, version)
);

-- note versions are never changed or removed
CREATE FUNCTION holi_note_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.text_enc IS DISTINCT FROM OLD.text_enc AND NEW.note_id = OLD.note_id
        AND NEW.version = OLD.version AND NEW.author_id = OLD.author_id AND NEW.created_at = OLD.created_at
        AND current_setting('holi.key_rotation', true) = 'on' THEN
        RETURN NEW; -- key rotation re-encrypts the same text under a new key
    END IF;
    RAISE EXCEPTION 'note versions are legal records: % is refused; edit a note by adding a version', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER note_versions_immutable
    BEFORE UPDATE OR DELETE ON note_versions
    FOR EACH ROW EXECUTE FUNCTION holi_note_versions_immutable();
