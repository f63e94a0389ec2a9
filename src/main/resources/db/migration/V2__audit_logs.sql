-- The audit trail (HIPAA: every access to PHI, kept six years). The manual queries it by this name and
-- these column names. Append-only, partitioned by month.
CREATE SEQUENCE audit_logs_id_seq AS bigint;

CREATE TABLE audit_logs (
    id          bigint      NOT NULL DEFAULT nextval('audit_logs_id_seq'),
    "timestamp" timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id     uuid,
    user_email  text,
    role        text,
    action      text        NOT NULL,
    resource    text,
    resource_id uuid,
    patient_id  uuid,
    ip_address  inet,
    user_agent  text,
    request_id  text,
    outcome     text        NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (id, "timestamp")
) PARTITION BY RANGE ("timestamp");

ALTER SEQUENCE audit_logs_id_seq OWNED BY audit_logs.id;

-- the manual's queries: by time and action (daily checks), by user (reviews), by patient (disclosures)
CREATE INDEX audit_logs_timestamp_action_idx ON audit_logs ("timestamp", action);
CREATE INDEX audit_logs_user_idx ON audit_logs (user_id, "timestamp");
CREATE INDEX audit_logs_patient_idx ON audit_logs (patient_id, "timestamp") WHERE patient_id IS NOT NULL;

CREATE FUNCTION holi_audit_logs_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % is refused (HIPAA evidence). To remove old months use "holi audit prune", which only drops archived and verified partitions.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_logs_append_only
    BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION holi_audit_logs_append_only();

CREATE TRIGGER audit_logs_no_truncate
    BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION holi_audit_logs_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM CURRENT_USER;

-- Monthly partitions, created ahead by the service. Each partition also refuses TRUNCATE on its own
-- (row triggers are inherited from the parent; statement triggers are not).
CREATE FUNCTION holi_ensure_audit_partitions(months_back integer, months_ahead integer) RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    first_month date := (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => months_back))::date;
    m           date;
    part        text;
    created     integer := 0;
BEGIN
    FOR i IN 0 .. (months_back + months_ahead) LOOP
        m := (first_month + make_interval(months => i))::date;
        part := format('audit_logs_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
        IF to_regclass(part) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)',
                               part, (m::timestamp AT TIME ZONE 'UTC'),
                               ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
                EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION holi_audit_logs_append_only()',
                               part || '_no_truncate', part);
                EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM PUBLIC, CURRENT_USER', part);
                created := created + 1;
            EXCEPTION WHEN duplicate_table THEN
                NULL; -- another instance made it first
            END;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT holi_ensure_audit_partitions(1, 3);
