package io.holi.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Whether an audit trail is intact: append-only protection in place on the table and on every partition, no
 * record twice, and the id sequence ahead of every record (so new records never collide with restored ones).
 * Used after every restore, inside the restore's own transaction, so a trail that fails is never committed.
 */
public final class AuditIntegrity {

    /** The prefix of the error a failed check raises. */
    public static final String FAILURE_PREFIX = "holi-audit-integrity: ";

    private AuditIntegrity() {
    }

    /** A DO block that raises {@value #FAILURE_PREFIX}… unless the trail in {@code public} is intact. */
    public static String assertionsSql() {
        return """
                DO $holi_audit_integrity$
                DECLARE
                    part record;
                    total bigint;
                    distinct_ids bigint;
                    max_id bigint;
                    seq_value bigint;
                BEGIN
                    IF to_regclass('public.audit_logs') IS NULL THEN
                        RAISE EXCEPTION '{prefix}the audit_logs table is missing';
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.audit_logs'::regclass
                                   AND tgname = 'audit_logs_append_only' AND tgenabled <> 'D') THEN
                        RAISE EXCEPTION '{prefix}the append-only trigger on audit_logs is missing or disabled';
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.audit_logs'::regclass
                                   AND tgname = 'audit_logs_no_truncate' AND tgenabled <> 'D') THEN
                        RAISE EXCEPTION '{prefix}the no-truncate trigger on audit_logs is missing or disabled';
                    END IF;
                    FOR part IN SELECT c.oid, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                 WHERE i.inhparent = 'public.audit_logs'::regclass LOOP
                        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = part.oid AND tgname LIKE '%\\_no\\_truncate'
                                       AND tgenabled <> 'D') THEN
                            RAISE EXCEPTION '{prefix}partition % has no no-truncate trigger', part.relname;
                        END IF;
                    END LOOP;
                    SELECT count(*), count(DISTINCT id), coalesce(max(id), 0) INTO total, distinct_ids, max_id FROM public.audit_logs;
                    IF total <> distinct_ids THEN
                        RAISE EXCEPTION '{prefix}% audit records share an id with another', total - distinct_ids;
                    END IF;
                    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO seq_value FROM public.audit_logs_id_seq;
                    IF seq_value < max_id THEN
                        RAISE EXCEPTION '{prefix}the id sequence (%) is behind the newest record (%)', seq_value, max_id;
                    END IF;
                END
                $holi_audit_integrity$;
                """.replace("{prefix}", FAILURE_PREFIX);
    }

    /** Runs the checks on a connection: empty when intact, else what is wrong. */
    public static Optional<String> check(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(assertionsSql());
            return Optional.empty();
        } catch (SQLException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            int at = m.indexOf(FAILURE_PREFIX);
            if (at < 0) {
                throw e;
            }
            return Optional.of(m.substring(at + FAILURE_PREFIX.length()).lines().findFirst().orElse(m));
        }
    }
}
