-- Name search returns the best matches first: a GiST trigram index serves both the fragment filter (LIKE)
-- and the similarity order (<->), so a search stops after the page it needs instead of sorting every match.
DROP INDEX IF EXISTS patients_name_trgm;
CREATE INDEX patients_name_trgm ON patients USING gist (lower(first_name || ' ' || last_name) gist_trgm_ops)
    WHERE deleted_at IS NULL;
