-- Name search, measured at a million patients (bench/search.sh): ordering matches by trigram similarity made
-- every common fragment ("son", "mar") sort tens of thousands of rows (300-700 ms). Matches now come in name
-- order (last, first), which an ordinary b-tree serves: a common fragment stops after the first page of the
-- ordered index (a few ms), and a rare one is found through the GIN trigram index (under 10 ms). The planner
-- picks between the two from the trigram statistics.
DROP INDEX IF EXISTS patients_name_trgm;
CREATE INDEX patients_name_trgm ON patients USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS patients_name_order ON patients (lower(last_name), lower(first_name), id)
    WHERE deleted_at IS NULL;
-- The planner's choice rests on how many names contain the fragment; without statistics on the whole-name
-- expression it guesses, and a wrong guess walks the ordered index for seconds looking for a rare fragment.
CREATE STATISTICS IF NOT EXISTS patients_full_name ON (lower(first_name || ' ' || last_name)) FROM patients;
ALTER STATISTICS patients_full_name SET STATISTICS 1000;
ANALYZE patients;
