#!/usr/bin/env bash
# Audited reads against the floor of what PostgreSQL itself can do, on the same cluster in the same run.
#
#   bench/reads.sh [--patients 100000] [--duration 30s] [--connections 64] [--threads 2] [--warmup 10s]
#
# Starts a dedicated PostgreSQL cluster (synchronous_commit=on), holi serve against it, loads the patients
# once (kept in /tmp/holi-bench-N for later runs), then:
#   1. wrk: authenticated GET /api/patients/{id} over random ids, one clinician granted to every patient;
#   2. audit completeness: audit READ rows written during the run == 2xx responses the server sent (fails if not);
#   3. pgbench: the same SQL work per transaction (patient by id, grant check, audit insert, commit);
#   4. the ratio, the service's peak resident memory, and the statements that took the time.
source "$(dirname "$0")/lib.sh"

PATIENTS=100000; DURATION=30s; CONNECTIONS=64; THREADS=2; WARMUP=10s
while [ $# -gt 0 ]; do
  case $1 in
    --patients) PATIENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_jar
RUN="$RESULTS/reads-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
start_cluster "/tmp/holi-bench-$PATIENTS"
start_holi "$RUN/holi.log"
seed "$PATIENTS"
bench_ids
psql_holi -c "SELECT id FROM patients WHERE deleted_at IS NULL" > "$RUN/ids.txt"
UID_=$(psql_holi -c "SELECT id FROM users WHERE email = '$BENCH_CLINICIAN'")
TOKEN=$(login)
[ -n "$TOKEN" ] || { echo "could not sign in as $BENCH_CLINICIAN" >&2; exit 1; }
export TOKEN IDS_FILE="$RUN/ids.txt"

log "warming up for $WARMUP"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH_DIR/wrk/read.lua" "$HOLI_URL" > "$RUN/warmup.txt"
psql_holi -c "SELECT pg_stat_statements_reset()" >/dev/null

T0=$(psql_holi -c "SELECT now()")
OK0=$(served GET "/api/patients/{id}" 200)
log "measuring: $CONNECTIONS connections, $THREADS threads, $DURATION"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH_DIR/wrk/read.lua" "$HOLI_URL" > "$RUN/wrk.txt"
# let requests still in flight when wrk stopped finish (they are answered and audited too)
sleep 2
OK1=$(served GET "/api/patients/{id}" 200)
T1=$(psql_holi -c "SELECT now()")
RESULT=$(grep '^RESULT' "$RUN/wrk.txt")
val() { echo "$RESULT" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
SERVED_2XX=$((OK1 - OK0))
AUDITED=$(psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'READ' AND resource = 'Patient' AND user_id = '$UID_'
                        AND user_agent IS DISTINCT FROM 'pgbench' AND timestamp >= '$T0' AND timestamp <= '$T1'")
RSS=$(peak_rss_mb "$HOLI_PID")
psql_holi -c "SELECT round(total_exec_time)::text || ' ms total, ' || calls || ' calls, ' || round(mean_exec_time::numeric, 3) || ' ms mean: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
              FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'holi')
              ORDER BY total_exec_time DESC LIMIT 8" > "$RUN/statements.txt"

log "the floor: pgbench, same SQL work per transaction, same concurrency"
PGBENCH_OUT=$(as_pg env PGPORT=$PGPORT "$PGBIN/pgbench" -h 127.0.0.1 -U holi -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
  -T "${DURATION%s}" -f "$BENCH_DIR/sql/read.sql" -D npatients="$PATIENTS" -D uid="$UID_" holi 2>&1) \
  || { echo "$PGBENCH_OUT" >&2; exit 1; }
echo "$PGBENCH_OUT" > "$RUN/pgbench.txt"
PG_TPS=$(echo "$PGBENCH_OUT" | awk '/^tps/ {printf "%.1f", $3; exit}')
PG_LAT=$(echo "$PGBENCH_OUT" | awk '/latency average/ {print $4; exit}')

RPS=$(val rps)
RATIO=$(awk -v a="$RPS" -v b="$PG_TPS" 'BEGIN {printf "%.2f", a / b}')
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "holi audited reads — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), synchronous_commit=on"
  echo "data: $PATIENTS patients, one clinician granted to each; $CONNECTIONS connections, $THREADS wrk threads, $DURATION"
  echo
  echo "holi   GET /api/patients/{id}: $(val rps) requests/s"
  echo "       latency p50 $(val p50_ms) ms, p95 $(val p95_ms) ms, p99 $(val p99_ms) ms, max $(val max_ms) ms"
  echo "       non-2xx: $(val non2xx), socket errors: $(val socket_errors)"
  echo "audit  2xx responses served: $SERVED_2XX, audit READ records written: $AUDITED"
  echo "floor  pgbench (patient, grant, audit insert, commit): $PG_TPS transactions/s, latency average $PG_LAT ms"
  echo "ratio  holi / pgbench = $RATIO"
  echo "memory peak resident set of holi serve: $RSS MB (JAVA_OPTS=${JAVA_OPTS:--Xmx400m -Xms400m -XX:+UseG1GC})"
  echo
  echo "where the database time went (pg_stat_statements, holi run only):"
  sed 's/^/  /' "$RUN/statements.txt"
} | tee "$RUN/summary.txt"

if [ "$SERVED_2XX" != "$AUDITED" ]; then
  echo "FAIL: $SERVED_2XX successful reads but $AUDITED audit records" >&2
  exit 1
fi
if [ "$(val non2xx)" != "0" ]; then
  echo "FAIL: $(val non2xx) responses were not 2xx" >&2
  exit 1
fi
