package io.holi.audit;

/**
 * What a whole-database procedure (a backup, a restore) must know of the audit trail's table, written here where the
 * trail is kept: its name, and the SQL that carries the records written after a backup across the restore of that
 * backup and puts the trail's protection back. The backup module runs it; it never names the table itself.
 */
public final class AuditTables {

    /** The trail's table, schema-qualified as a backup's manifest names it. */
    public static final String TRAIL = "public.audit_logs";

    private AuditTables() {
    }

    /** How many records have an id above {@code ?}: those written after a backup. */
    public static String countAfterSql() {
        return "SELECT count(*) FROM public.audit_logs WHERE id > ?";
    }

    /** The highest record id (0 for an empty trail): where a backup's snapshot of the trail ends. */
    public static String maxIdSql() {
        return "SELECT coalesce(max(id), 0) FROM public.audit_logs";
    }

    /** Inside the restore's transaction, before anything is dropped: keep the records written after the backup. */
    public static String keepRecordsAfterSql(long maxId) {
        return """
                DO $holi_restore_carry$
                BEGIN
                    IF to_regclass('public.audit_logs') IS NOT NULL THEN
                        EXECUTE 'CREATE TEMP TABLE holi_restore_audit_carry ON COMMIT DROP AS SELECT * FROM public.audit_logs WHERE id > %d';
                    ELSE
                        CREATE TEMP TABLE holi_restore_audit_carry (id bigint) ON COMMIT DROP;
                    END IF;
                END
                $holi_restore_carry$;
                """.formatted(maxId);
    }

    /** After the backup's rows are in: the kept records back, the id sequence past them. */
    public static String putRecordsBackSql(int monthsBack) {
        return "SELECT public.holi_ensure_audit_partitions(" + monthsBack + ", 3);\n"
                + "INSERT INTO public.audit_logs SELECT * FROM pg_temp.holi_restore_audit_carry;\n"
                + "SELECT pg_catalog.setval('public.audit_logs_id_seq', greatest(1, (SELECT max(id) FROM public.audit_logs)));\n";
    }

    /** How many records were kept across the restore (for the count check). */
    public static String keptCountSql() {
        return "(SELECT count(*) FROM pg_temp.holi_restore_audit_carry)";
    }

    /** The trail stays append-only for a role given write access to everything else (a temporary role of a person). */
    public static String readOnlyForSql(String role) {
        return """
                DO $$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT 'public.audit_logs'::regclass::text AS t UNION ALL
                             SELECT c.oid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                              WHERE i.inhparent = 'public.audit_logs'::regclass
                    LOOP
                        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM %I', r.t, '{role}');
                    END LOOP;
                END $$""".replace("{role}", role);
    }

    /** The trail's protection back: nobody but the owner's own partition drop may change or remove a record. */
    public static String protectSql() {
        return """
                DO $holi_restore_audit_acl$
                DECLARE
                    r record;
                BEGIN
                    FOR r IN SELECT 'public.audit_logs'::regclass::text AS name
                             UNION ALL
                             SELECT c.oid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                              WHERE i.inhparent = 'public.audit_logs'::regclass
                    LOOP
                        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM PUBLIC, CURRENT_USER', r.name);
                    END LOOP;
                END
                $holi_restore_audit_acl$;
                """;
    }
}
