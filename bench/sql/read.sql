-- The floor: per transaction, the SQL work of one audited read of a patient. Look up the patient by id,
-- check the caller's grant, insert the audit record, commit (durably: synchronous_commit = on).
\set n random(1, :npatients)
BEGIN;
SELECT id, mrn, first_name, last_name, date_of_birth, sex, email_enc, phone_enc, address_enc, national_id_enc,
       created_at, updated_at
FROM patients WHERE id = (SELECT id FROM bench_ids WHERE n = :n) AND deleted_at IS NULL;
SELECT kind FROM data_access_grants
WHERE user_id = :uid AND patient_id = (SELECT id FROM bench_ids WHERE n = :n)
  AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) LIMIT 1;
INSERT INTO audit_logs (timestamp, user_id, user_email, role, action, resource, resource_id, patient_id,
                        ip_address, user_agent, request_id, outcome, details)
VALUES (now(), :uid, 'bench-clinician@bench.holi', 'CLINICIAN', 'READ', 'Patient',
        (SELECT id FROM bench_ids WHERE n = :n), (SELECT id FROM bench_ids WHERE n = :n),
        '127.0.0.1', 'pgbench', gen_random_uuid()::text, 'SUCCESS', '{}');
COMMIT;
