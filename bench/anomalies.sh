#!/usr/bin/env bash
# Anomaly detection (and the audit chain) on a large audit trail: ROWS audit records (default 10 million) over
# DAYS days (default 30), 200 users and 50,000 patients with grants, then the time of `holi audit anomalies`
# over 24 h and 7 d, and of a first `holi audit seal` and `holi audit verify` over everything.
#
#   bench/anomalies.sh           ROWS=10000000 DAYS=30 SEAL=1 (SEAL=1 forgets the bench cluster's chain and seals it all again)
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-10000000}
DAYS=${DAYS:-30}
SEAL=${SEAL:-1}
ensure_jar
RUN="$RESULTS/anomalies-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
DIR="/tmp/holi-bench-audit-$ROWS"
start_cluster "$DIR"

if [ ! -f "$DIR/generated" ]; then
  log "migrating and generating $ROWS audit records over $DAYS days"
  holi_env java -jar "$JAR" users create --email bench-admin@bench.holi --role ADMIN --password-stdin <<< "bench-admin-password" >/dev/null 2>&1 || true
  PGPASSWORD=bench-only-password psql -h 127.0.0.1 -p "$PGPORT" -U holi -d holi -q -v ON_ERROR_STOP=1 <<SQL
SELECT holi_ensure_audit_partitions($(( DAYS / 28 + 2 )), 3);
INSERT INTO audit_logs ("timestamp", user_id, user_email, role, action, resource, patient_id, ip_address, outcome)
SELECT now() - (g::double precision * $DAYS * 86400 / $ROWS) * interval '1 second',
       ('00000000-0000-0000-0000-' || lpad(to_hex(g % 200), 12, '0'))::uuid,
       'user' || (g % 200) || '@bench.holi', 'CLINICIAN',
       (ARRAY['READ','READ','READ','SEARCH','UPDATE','CREATE','LOGIN','LOGIN_FAILED'])[1 + g % 8], 'Patient',
       ('00000000-0000-0000-0001-' || lpad(to_hex(g % 50000), 12, '0'))::uuid,
       ('10.0.' || (g % 50) || '.' || (g % 250))::inet, 'SUCCESS'
  FROM generate_series(1, $ROWS) g;
ANALYZE audit_logs;
SQL
  touch "$DIR/generated"
fi
COUNT=$(psql_holi -c "SELECT count(*) FROM audit_logs")
log "audit_logs holds $COUNT rows"
# t NAME COMMAND…: runs it, output in $RUN/NAME.out, prints the seconds it took
t() { local name=$1 t0 t1; shift; t0=$(date +%s.%N); "$@" > "$RUN/$name.out" 2>&1 || true; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}'; }
A24=$(t anomalies-24h holi_env java -jar "$JAR" audit anomalies --since 24h)
A7=$(t anomalies-7d holi_env java -jar "$JAR" audit anomalies --since 7d)
Q24=$(grep -o '([0-9]* ms)' "$RUN/anomalies-24h.out" | head -1)
Q7=$(grep -o '([0-9]* ms)' "$RUN/anomalies-7d.out" | head -1)
{
  echo "holi audit anomalies — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; audit_logs: $COUNT rows over $DAYS days"
  echo
  echo "anomalies --since 24h: queries $Q24, whole command ${A24} s (JVM start included)"
  echo "anomalies --since 7d:  queries $Q7, whole command ${A7} s"
  if [ "$SEAL" = 1 ]; then
    # a first seal over everything: forget any chain an earlier run left (this cluster is the bench's own)
    PGPASSWORD=bench-only-password psql -h 127.0.0.1 -p "$PGPORT" -U holi -d holi -q -c "TRUNCATE holi_ops.audit_seals" >/dev/null
    rm -rf "$DIR/store"
    S=$(t seal holi_env HOLI_STORAGE_URL="file://$DIR/store" java -jar "$JAR" audit seal)
    V=$(t verify holi_env HOLI_STORAGE_URL="file://$DIR/store" java -jar "$JAR" audit verify)
    echo "audit seal (first, everything): ${S} s; audit verify (everything): ${V} s"
  fi
} | tee "$RUN/summary.txt"
