#!/usr/bin/env bash
# Name-fragment search latency at a million patients.
#
#   bench/search.sh [--patients 1000000] [--duration 30s] [--connections 4]
#
# Same dedicated cluster and synthetic data as bench/reads.sh (loaded once, kept in /tmp/holi-bench-N).
# Searches as the clinician who holds a grant to every patient (the hardest case: every patient is a
# candidate), with 3-4 letter fragments of real-looking names; prints p50/p95/p99 and the plan of one search.
source "$(dirname "$0")/lib.sh"

PATIENTS=1000000; DURATION=30s; CONNECTIONS=4
while [ $# -gt 0 ]; do
  case $1 in
    --patients) PATIENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_jar
RUN="$RESULTS/search-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
start_cluster "/tmp/holi-bench-$PATIENTS"
start_holi "$RUN/holi.log"
seed "$PATIENTS"
TOKEN=$(login)
export TOKEN
log "warming up"
wrk -t1 -c"$CONNECTIONS" -d10s -s "$BENCH_DIR/wrk/search.lua" "$HOLI_URL" > "$RUN/warmup.txt"
log "measuring: $CONNECTIONS connections, $DURATION"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$BENCH_DIR/wrk/search.lua" "$HOLI_URL" > "$RUN/wrk.txt"
RESULT=$(grep '^RESULT' "$RUN/wrk.txt")
val() { echo "$RESULT" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
UID_=$(psql_holi -c "SELECT id FROM users WHERE email = '$BENCH_CLINICIAN'")
PLAN=$(psql_holi -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT p.id FROM patients p WHERE EXISTS (SELECT 1 FROM data_access_grants g
  WHERE g.patient_id = p.id AND g.user_id = '$UID_' AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now()))
  AND p.deleted_at IS NULL AND lower(p.first_name || ' ' || p.last_name) LIKE '%son%'
  ORDER BY lower(p.last_name), lower(p.first_name), p.id LIMIT 21")
MATCHES=$(psql_holi -c "SELECT count(*) FROM patients WHERE lower(first_name || ' ' || last_name) LIKE '%son%'")
{
  echo "holi patient search — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $PATIENTS patients, the clinician holds a grant to every one"
  echo "GET /api/patients?query=<3-4 letter fragment>&size=20, $CONNECTIONS connections, $DURATION"
  echo
  echo "search  $(val rps) searches/s; latency p50 $(val p50_ms) ms, p95 $(val p95_ms) ms, p99 $(val p99_ms) ms, max $(val max_ms) ms"
  echo "        non-2xx: $(val non2xx); timed out (no answer within wrk's 2 s, left out of the percentiles): $(val socket_errors)"
  echo "        (the fragment 'son' alone matches $MATCHES patients; the first page in name order is what is read)"
  echo
  echo "plan of one search:"
  echo "$PLAN" | sed 's/^/  /'
} | tee "$RUN/summary.txt"
