-- A scheduled job's row is only its claim (which instance runs the job due at that moment). What the run did is
-- recorded once, like every other operational run, in holi_ops.operation_runs by the procedure itself.
ALTER TABLE holi_ops.scheduled_runs DROP COLUMN IF EXISTS finished_at, DROP COLUMN IF EXISTS outcome,
    DROP COLUMN IF EXISTS result;
COMMENT ON TABLE holi_ops.scheduled_runs IS 'claims: which instance runs each job at each due time (the run itself is in operation_runs)';
