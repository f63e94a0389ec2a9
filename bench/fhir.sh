#!/usr/bin/env bash
# The audited FHIR read against holi's own audited JSON read: same data, same server, same run.
#
#   bench/fhir.sh [--patients 100000] [--duration 30s] [--connections 64] [--threads 2] [--warmup 180s] [--rounds 3]
#
# Starts a dedicated PostgreSQL cluster and holi serve (as bench/reads.sh does, sharing its loaded patients),
# warms both routes up, then --rounds times, in turn:
#   1. wrk: authenticated GET /api/patients/{id} over random ids (the JSON API);
#   2. wrk: authenticated GET /fhir/Patient/{id} over the same ids (HAPI's plain server, the same gate and audit);
# and prints the medians, the ratio FHIR / JSON (the target: FHIR costs at most 1.25x, i.e. throughput >= 0.8x),
# audit completeness for each route (audit READ rows == 2xx responses served; fails if not) and peak memory.
source "$(dirname "$0")/lib.sh"

PATIENTS=100000; DURATION=30s; CONNECTIONS=64; THREADS=2; WARMUP=180s; ROUNDS=3
while [ $# -gt 0 ]; do
  case $1 in
    --patients) PATIENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_jar
RUN="$RESULTS/fhir-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
start_cluster "/tmp/holi-bench-$PATIENTS"
start_holi "$RUN/holi.log"
seed "$PATIENTS"
psql_holi -c "SELECT id FROM patients WHERE deleted_at IS NULL" > "$RUN/ids.txt"
UID_=$(psql_holi -c "SELECT id FROM users WHERE email = '$BENCH_CLINICIAN'")
TOKEN=$(login)
[ -n "$TOKEN" ] || { echo "could not sign in as $BENCH_CLINICIAN" >&2; exit 1; }
export TOKEN IDS_FILE="$RUN/ids.txt"
holi_env java -jar "$JAR" audit seal > "$RUN/seal.txt" 2>&1 || { cat "$RUN/seal.txt" >&2; exit 1; }

round() { # round SIDE SECONDS FILE: one wrk round of one side (json or fhir)
  local prefix=/api/patients/
  [ "$1" = fhir ] && prefix=/fhir/Patient/
  READ_PREFIX=$prefix wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s "$BENCH_DIR/wrk/read.lua" "$HOLI_URL" > "$3"
}
log "warming up both routes: 20 s rounds of each until FHIR's agree within 3 %, at most $WARMUP"
WARM_S=0; PREV=0
while [ "$WARM_S" -lt "${WARMUP%s}" ]; do
  round json 20s "$RUN/warmup-json.txt"
  round fhir 20s "$RUN/warmup-fhir.txt"
  R=$(awk -F'rps=' '/^RESULT/ {split($2, a, " "); printf "%d", a[1]}' "$RUN/warmup-fhir.txt")
  WARM_S=$((WARM_S + 40))
  log "  warm-up: json $(awk -F'rps=' '/^RESULT/ {split($2, a, " "); printf "%d", a[1]}' "$RUN/warmup-json.txt")/s, fhir $R/s"
  if [ "$PREV" -gt 0 ] && awk -v a="$R" -v b="$PREV" 'BEGIN {d = (a - b) / b; exit !(d < 0.03 && d > -0.03)}'; then break; fi
  PREV=$R
done
rm -f "$RUN"/warmup-*.txt

T0=$(psql_holi -c "SELECT now()")
JSON0=$(served GET "/api/patients/{id}" 200); FHIR0=$(served GET "/fhir/Patient/{id}" 200)
for r in $(seq 1 "$ROUNDS"); do
  log "round $r/$ROUNDS: JSON, $CONNECTIONS connections, $DURATION"
  round json "$DURATION" "$RUN/json-$r.txt"
  sleep 2
  log "round $r/$ROUNDS: FHIR, $CONNECTIONS connections, $DURATION"
  round fhir "$DURATION" "$RUN/fhir-$r.txt"
  sleep 2
done
JSON1=$(served GET "/api/patients/{id}" 200); FHIR1=$(served GET "/fhir/Patient/{id}" 200)
T1=$(psql_holi -c "SELECT now()")
audited() { psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'READ' AND resource = 'Patient' AND user_id = '$UID_'
                          AND details->>'route' = '$1' AND timestamp >= '$T0' AND timestamp <= '$T1'"; }
AUDIT_JSON=$(audited "/api/patients/{id}"); AUDIT_FHIR=$(audited "/fhir/Patient/{id}")
RSS=$(peak_rss_mb "$HOLI_PID")

sum() { cat "$RUN"/"$1"-*.txt | awk -F"$2=" '/^RESULT/ {split($2, a, " "); s += a[1]} END {print s + 0}'; }
COST=$(awk -v a="$(fields json rps | median)" -v b="$(fields fhir rps | median)" 'BEGIN {printf "%.2f", a / b}')
ROUNDS_LINE=$(paste -d' ' <(fields json rps) <(fields fhir rps) | awk '{printf "%s%d vs %d (%.2f)", (NR > 1 ? ", " : ""), $1, $2, $1 / $2}')
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "holi FHIR read vs JSON read — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
  echo "data: $PATIENTS patients, one clinician granted to each; $CONNECTIONS connections, $THREADS wrk threads, $DURATION"
  echo
  echo "json   GET /api/patients/{id}, median of $ROUNDS rounds: $(line json)"
  echo "fhir   GET /fhir/Patient/{id}, median of $ROUNDS rounds: $(line fhir)"
  echo "       non-2xx: json $(sum json non2xx), fhir $(sum fhir non2xx); socket errors: json $(sum json socket_errors), fhir $(sum fhir socket_errors)"
  echo "audit  json: $((JSON1 - JSON0)) reads served, $AUDIT_JSON audit READ records; fhir: $((FHIR1 - FHIR0)) served, $AUDIT_FHIR records"
  echo "cost   FHIR read costs $COST x the JSON read (JSON throughput / FHIR throughput, medians; the target is <= 1.25)"
  echo "rounds json vs fhir, in turn: $ROUNDS_LINE"
  echo "memory peak resident set of holi serve: $RSS MB (JAVA_OPTS=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS})"
} | tee "$RUN/summary.txt"

FAIL=0
[ "$((JSON1 - JSON0))" = "$AUDIT_JSON" ] || { echo "FAIL: JSON reads served and audited differ" >&2; FAIL=1; }
[ "$((FHIR1 - FHIR0))" = "$AUDIT_FHIR" ] || { echo "FAIL: FHIR reads served and audited differ" >&2; FAIL=1; }
[ "$(sum json non2xx)" = 0 ] && [ "$(sum fhir non2xx)" = 0 ] || { echo "FAIL: some responses were not 2xx" >&2; FAIL=1; }
exit $FAIL
