#!/usr/bin/env bash
# Two builds (or two settings) of holi serve side by side, loaded in alternation: which is faster at the audited read.
#
#   bench/ab.sh --a JAR [--a-env "K=V ..."] [--a-java-opts "..."] --b JAR [--b-env "K=V ..."] [--b-java-opts "..."]
#               [--connections 8] [--pairs 8] [--duration 15s] [--warmup 120s] [--patients 100000]
#
# bench/reads.sh compares holi with the database's floor; runs of it minutes apart cannot separate two builds on a
# shared machine whose speed drifts by a third within the hour (bench/README.md). Here both instances serve the same
# cluster at once and wrk loads one at a time, in short rounds ordered A B B A, A B B A, …, so that a drift falls on
# both alike; the answer is the median over pairs of B against A, with every round printed. Scheduled jobs are off in
# both (the seal or the hourly anomaly detection would land in one instance's round by chance). Every read answered
# 2xx must have its audit record, as in bench/reads.sh.
source "$(dirname "$0")/lib.sh"

A_JAR=""; B_JAR=""; A_ENV=""; B_ENV=""; A_OPTS=$DEFAULT_JAVA_OPTS; B_OPTS=$DEFAULT_JAVA_OPTS; CONNECTIONS=8; PAIRS=8; DURATION=15s; WARMUP=120s; PATIENTS=100000
while [ $# -gt 0 ]; do
  case $1 in
    --a) A_JAR=$2; shift 2 ;;
    --b) B_JAR=$2; shift 2 ;;
    --a-env) A_ENV=$2; shift 2 ;;
    --b-env) B_ENV=$2; shift 2 ;;
    --a-java-opts) A_OPTS=$2; shift 2 ;;
    --b-java-opts) B_OPTS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --pairs) PAIRS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --patients) PATIENTS=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$A_JAR" ] && [ -n "$B_JAR" ] || { echo "--a and --b are required (see --help)" >&2; exit 2; }
for j in "$A_JAR" "$B_JAR"; do [ -f "$j" ] || { echo "no such jar: $j" >&2; exit 2; }; done

RUN="$RESULTS/ab-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
start_cluster "/tmp/holi-bench-$PATIENTS"
export HOLI_OPS_SCHEDULE_ENABLED=false

# start_one NAME JAR "K=V ..." "JAVA OPTIONS": holi serve from JAR with the extra settings; sets <NAME>_PID and <NAME>_URL
start_one() {
  local name=$1 jar=$2 extra=$3
  JAR=$jar
  # shellcheck disable=SC2086
  (JAVA_OPTS=$4; for kv in $extra; do export "${kv?}"; done; start_holi "$RUN/holi-$name.log"; echo "$HOLI_PID $HOLI_URL" > "$RUN/$name.addr")
  read -r pid url < "$RUN/$name.addr"
  printf -v "${name}_PID" '%s' "$pid"; printf -v "${name}_URL" '%s' "$url"
}
stop_both() {
  for pid in ${A_PID:-} ${B_PID:-}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${A_PID:-} ${B_PID:-}; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  gzip -f "$RUN"/holi-*.log 2>/dev/null || true
  stop_cluster
}
trap stop_both EXIT

A_DESC="$A_JAR${A_ENV:+, $A_ENV}, $A_OPTS"; B_DESC="$B_JAR${B_ENV:+, $B_ENV}, $B_OPTS"
log "starting A ($A_DESC) and B ($B_DESC)"
start_one A "$A_JAR" "$A_ENV" "$A_OPTS"
seed "$PATIENTS"
bench_ids
start_one B "$B_JAR" "$B_ENV" "$B_OPTS"
psql_holi -c "SELECT id FROM patients WHERE deleted_at IS NULL" > "$RUN/ids.txt"
HOLI_URL=$A_URL; TOKEN=$(login)
[ -n "$TOKEN" ] || { echo "could not sign in as $BENCH_CLINICIAN" >&2; exit 1; }
export TOKEN IDS_FILE="$RUN/ids.txt"

served_by() { local u=${1}_URL; HOLI_URL=${!u} served GET "/api/patients/{id}" 200; }
# round NAME N: one wrk round against NAME; appends "NAME N rps p50 p99 cpu_us_per_read" to rounds.txt
round() {
  local name=$1 n=$2 url pid c0 c1 s0 s1 out
  url=${name}_URL; pid=${name}_PID
  c0=$(cpu_ticks "${!pid}"); s0=$(served_by "$name")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH_DIR/wrk/read.lua" "${!url}" | tee -a "$RUN/wrk-$name.txt" | grep '^RESULT')
  sleep 1 # requests still in flight when wrk stopped are answered and audited too
  c1=$(cpu_ticks "${!pid}"); s1=$(served_by "$name")
  echo "$out" | awk -v n="$name" -v r="$n" -v ticks=$((c1 - c0)) -v reads=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      if (v["non2xx"] + 0 > 0 || v["socket_errors"] + 0 > 0) bad = " FAILED: non-2xx " v["non2xx"] ", socket errors " v["socket_errors"]
      printf "%s %d %.1f %.2f %.2f %.0f%s\n", n, r, v["rps"], v["p50_ms"], v["p99_ms"], ticks / hz * 1e6 / reads, bad }' | tee -a "$RUN/rounds.txt"
}

log "warming up both in turn, 20 s rounds, $WARMUP each"
for _ in $(seq 1 $(( ${WARMUP%s} / 20 ))); do
  for name in A B; do
    u=${name}_URL; wrk -t2 -c"$CONNECTIONS" -d20s -s "$BENCH_DIR/wrk/read.lua" "${!u}" > /dev/null
  done
done
T0=$(psql_holi -c "SELECT now()"); OK0=$(( $(served_by A) + $(served_by B) ))
log "$PAIRS pairs of $DURATION rounds, $CONNECTIONS connections, ordered A B B A"
: > "$RUN/rounds.txt"
for p in $(seq 1 "$PAIRS"); do
  if [ $((p % 2)) -eq 1 ]; then round A "$p"; round B "$p"; else round B "$p"; round A "$p"; fi
done
OK1=$(( $(served_by A) + $(served_by B) )); T1=$(psql_holi -c "SELECT now()")
# every read either instance answered 2xx has its audit record
AUDITED=$(psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'READ' AND resource = 'Patient'
                        AND user_agent IS DISTINCT FROM 'pgbench' AND timestamp >= '$T0' AND timestamp <= '$T1'")

python3 - "$RUN/rounds.txt" "$A_DESC" "$B_DESC" <<'PY' | tee "$RUN/summary.txt"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
by = {(r[0], int(r[1])): [float(x) for x in r[2:6]] for r in rows}
pairs = sorted({k[1] for k in by})
def med(name, i): return statistics.median(by[(name, p)][i] for p in pairs)
print(f"A  {sys.argv[2]}\nB  {sys.argv[3]}")
print(f"rounds: {len(pairs)} each, in pairs ordered A B, B A, ...")
for name in "AB":
    print(f"{name}  median of rounds: {med(name, 0):,.0f} req/s, p50 {med(name, 1):.2f} ms, p99 {med(name, 2):.2f} ms, "
          f"holi CPU {med(name, 3):.0f} µs a read")
for i, what, better in ((0, "req/s", "higher"), (2, "p99", "lower"), (3, "CPU a read", "lower")):
    ratios = sorted(by[("B", p)][i] / by[("A", p)][i] for p in pairs)
    wins = sum(1 for r in ratios if (r > 1 if better == "higher" else r < 1))
    print(f"B / A {what}: median {statistics.median(ratios):.3f} over {len(pairs)} pairs (B {better} in {wins}), "
          f"pairs: {', '.join(f'{r:.2f}' for r in ratios)}")
PY
echo "audit  2xx reads served by A and B: $((OK1 - OK0)), audit READ records written: $AUDITED" | tee -a "$RUN/summary.txt"
echo "results: $RUN"
grep -q FAILED "$RUN/rounds.txt" && { echo "FAIL: a round had failed requests (rounds.txt)" >&2; exit 1; }
[ "$((OK1 - OK0))" = "$AUDITED" ] || { echo "FAIL: reads without their audit record" >&2; exit 1; }
