#!/usr/bin/env bash
# Audited reads against the floor of what PostgreSQL itself can do, on the same cluster in the same run.
#
#   bench/reads.sh [--patients 100000] [--duration 30s] [--connections 64] [--threads 2] [--warmup 180s] [--rounds 3]
#
# Starts a dedicated PostgreSQL cluster (synchronous_commit=on), holi serve against it, loads the patients
# once (kept in /tmp/holi-bench-N for later runs), warms up (the same load in 20 s rounds until two agree
# within 3 %, at most --warmup: the JIT compiler needs one to two minutes of load on 2 shared cores), then
# --rounds times, in turn:
#   1. wrk: authenticated GET /api/patients/{id} over random ids, one clinician granted to every patient;
#   2. pgbench: the same SQL work per transaction (patient by id, grant check, audit insert, commit);
# and prints the medians, the ratio, audit completeness (audit READ rows written == 2xx responses the server
# sent over all rounds; fails if not), holi's CPU time per read, the service's peak resident memory, the
# statements that took the time, and which of the service's scheduled jobs ran during which of its rounds.
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
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
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

# seal and archive what earlier runs left, so that the jobs running inside holi serve during the rounds only
# hash and archive this run's records (the work they do at this load in production), not a backlog
log "sealing and archiving the audit records earlier runs left (holi audit seal, holi audit archive)"
holi_env java -jar "$JAR" audit seal > "$RUN/seal.txt" 2>&1 || { cat "$RUN/seal.txt" >&2; exit 1; }
holi_env java -jar "$JAR" audit archive >> "$RUN/seal.txt" 2>&1 || { cat "$RUN/seal.txt" >&2; exit 1; }
log "warming up: 20 s rounds until two agree within 3 %, at most $WARMUP"
WARM_ROUNDS=""; PREV=0; WARM_S=0
while [ "$WARM_S" -lt "${WARMUP%s}" ]; do
  R=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d20s -s "$BENCH_DIR/wrk/read.lua" "$HOLI_URL" | tee -a "$RUN/warmup.txt" \
      | awk -F'rps=' '/^RESULT/ {split($2, a, " "); printf "%d", a[1]}')
  WARM_S=$((WARM_S + 20)); WARM_ROUNDS="$WARM_ROUNDS${WARM_ROUNDS:+, }$R"
  log "  warm-up round: $R requests/s"
  if [ "$PREV" -gt 0 ] && awk -v a="$R" -v b="$PREV" 'BEGIN {d = (a - b) / b; exit !(d < 0.03 && d > -0.03)}'; then break; fi
  PREV=$R
done
psql_holi -c "SELECT pg_stat_statements_reset()" >/dev/null

# holi and the floor take turns, ROUNDS times each: this machine's speed drifts by a quarter over minutes, and
# alternating lets both see the same drift. The ratio is of the medians.
pgbench_round() { # pgbench_round N: one floor round, every transaction's latency logged (pgbench prints only the mean)
  local dir
  dir=$(mktemp -d); chmod 777 "$dir"
  (cd "$dir" && as_pg env PGPORT=$PGPORT "$PGBIN/pgbench" -h 127.0.0.1 -U holi -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
    -T "${DURATION%s}" --log --log-prefix="$dir/tx" -f "$BENCH_DIR/sql/read.sql" -D npatients="$PATIENTS" -D uid="$UID_" holi \
    > "$RUN/pgbench-$1.txt" 2>&1) || { cat "$RUN/pgbench-$1.txt" >&2; exit 1; }
  # the third column of pgbench's log is a transaction's latency in microseconds
  cat "$dir"/tx* | awk '{print $3 / 1000}' | sort -n | awk -v tps="$(awk '/^tps/ {printf "%.1f", $3; exit}' "$RUN/pgbench-$1.txt")" \
    '{a[NR] = $1} END {printf "RESULT rps=%s p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", tps, a[int(NR * .50)], a[int(NR * .95)], a[int(NR * .99)], a[NR]}' \
    >> "$RUN/pgbench-$1.txt"
  rm -rf "$dir"
}
T0=$(psql_holi -c "SELECT now()")
OK0=$(served GET "/api/patients/{id}" 200)
for r in $(seq 1 "$ROUNDS"); do
  log "round $r/$ROUNDS: holi, $CONNECTIONS connections, $THREADS threads, $DURATION"
  C0=$(cpu_ticks "$HOLI_PID"); S0=$(served GET "/api/patients/{id}" 200)
  R0=$(date +%s.%N)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH_DIR/wrk/read.lua" "$HOLI_URL" > "$RUN/wrk-$r.txt"
  echo "$r $R0 $(date +%s.%N)" >> "$RUN/round-times.txt"
  # let requests still in flight when wrk stopped finish (they are answered and audited too)
  sleep 2
  # holi's own CPU per audited read: unlike requests per second it does not move with what else the machine runs
  C1=$(cpu_ticks "$HOLI_PID"); S1=$(served GET "/api/patients/{id}" 200)
  awk -v c=$((C1 - C0)) -v n=$((S1 - S0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "RESULT cpu_us=%.0f\n", c / hz * 1e6 / n}' > "$RUN/cpu-$r.txt"
  log "round $r/$ROUNDS: the floor, pgbench doing the same SQL work per transaction, same concurrency"
  pgbench_round "$r"
done
OK1=$(served GET "/api/patients/{id}" 200)
T1=$(psql_holi -c "SELECT now()")
SERVED_2XX=$((OK1 - OK0))
AUDITED=$(psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'READ' AND resource = 'Patient' AND user_id = '$UID_'
                        AND user_agent IS DISTINCT FROM 'pgbench' AND timestamp >= '$T0' AND timestamp <= '$T1'")
NON2XX=$(cat "$RUN"/wrk-*.txt | awk -F'non2xx=' '/^RESULT/ {split($2, a, " "); s += a[1]} END {print s + 0}')
SOCKET_ERRORS=$(cat "$RUN"/wrk-*.txt | awk -F'socket_errors=' '/^RESULT/ {split($2, a, " "); s += a[1]} END {print s + 0}')
RSS=$(peak_rss_mb "$HOLI_PID")
# One pass over holi's log (an access line per request, ~350 MB a run) for two lines of the summary:
# - jobs: holi serve's scheduled jobs (the audit seal every 5 minutes, anomaly detection every hour) that ran during
#   one of its rounds (those over 0.1 s), from holi's "Job … started" and "Job … done in" lines, a job still running
#   when the bench stopped holi included: such a round is slower, and the medians are there to outvote it;
# - inside: holi's own view of the same reads. The access log's duration runs from holi's outermost filter to the end
#   of its filter chain, so what wrk measured beyond it is Tomcat's hand-off of the connection, the response's write,
#   and wrk itself, all queueing for the same cores (bench/README.md, 2026-12-03 night).
{ read -r JOBS; read -r INSIDE; } < <(python3 - "$RUN/holi.log" "$RUN/round-times.txt" <<'PY'
import json, sys, datetime, statistics
rounds = [[float(x) for x in line.split()[1:]] for line in open(sys.argv[2])]
def at(event):
    return datetime.datetime.fromisoformat(event["@timestamp"][:26].rstrip("Z")).replace(tzinfo=datetime.timezone.utc).timestamp()
runs, running = [], {}  # [name, start, end]; end None: still running when holi stopped
durations = [[] for _ in rounds]
for line in open(sys.argv[1], errors="replace"):
    read = '"route":"/api/patients/{id}"' in line
    if not read and '"Job ' not in line:
        continue
    try:
        event = json.loads(line)
    except ValueError:
        continue
    if read:
        t = at(event)
        for i, (first, last) in enumerate(rounds):
            if first <= t <= last:
                durations[i].append(event["duration_ms"])
        continue
    message = event.get("message", "")
    if not message.startswith("Job "):
        continue
    name = message.split()[1]
    if message.endswith(" started"):
        running[name] = [name, at(event), None]
        runs.append(running[name])
    elif " done in " in message or " failed: " in message:
        run = running.pop(name, None)
        if run is None:  # no start line (a holi from before it logged one): the length the done line gives
            millis = int(message.split(" done in ")[1].split(" ms")[0]) if " done in " in message else 0
            run = [name, at(event) - millis / 1000, None]
            runs.append(run)
        run[2] = at(event)
found = []
for name, start, end in runs:
    if end is not None and end - start < 0.1:
        continue
    for number, (first, last) in enumerate(rounds, 1):
        if start < last and (end is None or end > first):
            found.append(f"round {number}: {name} (" + (f"{end - start:.1f} s)" if end else "still running when holi stopped)"))
print("; ".join(found) or "none")
def pct(d, q):
    d = sorted(d)
    return d[min(len(d) - 1, int(len(d) * q))]
full = [d for d in durations if d]
if not full:
    print("no access log lines in the rounds")
else:
    print(f"p50 {statistics.median(pct(d, 0.50) for d in full):.2f} ms, p99 {statistics.median(pct(d, 0.99) for d in full):.2f} ms "
          "(median of rounds; p99 of each: " + ", ".join(f"{pct(d, 0.99):.2f}" for d in full) + ")")
PY
)
psql_holi -c "SELECT round(total_exec_time)::text || ' ms total, ' || calls || ' calls, ' || round(mean_exec_time::numeric, 3) || ' ms mean: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
              FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'holi')
                AND query NOT LIKE '%bench_ids%' AND query NOT IN ('BEGIN', 'COMMIT')
              ORDER BY total_exec_time DESC LIMIT 8" > "$RUN/statements.txt"

RPS=$(fields wrk rps | median)
PG_TPS=$(fields pgbench rps | median)
RATIO=$(awk -v a="$RPS" -v b="$PG_TPS" 'BEGIN {printf "%.2f", a / b}')
P99_RATIO=$(awk -v a="$(fields wrk p99_ms | median)" -v b="$(fields pgbench p99_ms | median)" 'BEGIN {printf "%.1f", a / b}')
ROUNDS_LINE=$(paste -d' ' <(fields wrk rps) <(fields pgbench rps) | awk '{printf "%s%d vs %d (%.2f)", (NR > 1 ? ", " : ""), $1, $2, $1 / $2}')
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "holi audited reads — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), synchronous_commit=on"
  echo "data: $PATIENTS patients, one clinician granted to each; $CONNECTIONS connections, $THREADS wrk threads, $DURATION"
  echo
  echo "holi   GET /api/patients/{id}, median of $ROUNDS rounds: $(line wrk)"
  echo "       non-2xx: $NON2XX, socket errors: $SOCKET_ERRORS"
  echo "audit  2xx responses served: $SERVED_2XX, audit READ records written: $AUDITED"
  echo "floor  pgbench (patient, grant, audit insert, commit), median of $ROUNDS rounds: $(line pgbench | sed 's|/s| transactions/s|')"
  echo "inside holi's own time for those reads, first filter to last (access log): $INSIDE"
  echo "ratio  holi / pgbench = $RATIO (throughput, medians); holi p99 / pgbench p99 = $P99_RATIO"
  echo "cpu    holi serve's CPU time per audited read (user + system, all threads, median of rounds): $(fields cpu cpu_us | median) µs"
  echo "rounds holi vs pgbench, in turn: $ROUNDS_LINE"
  echo "jobs   holi serve's scheduled jobs that ran during its rounds: $JOBS"
  echo "warm-up rounds (requests/s, 20 s each): $WARM_ROUNDS"
  echo "memory peak resident set of holi serve: $RSS MB (JAVA_OPTS=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2})"
  echo "java   $("$JAVA" -version 2>&1 | head -1), jar $(basename "$JAR")"
  echo "holi   settings: HOLI_HTTP_THREADS=${HOLI_HTTP_THREADS:-40 (default)}, HOLI_DATABASE_POOL_SIZE=${HOLI_DATABASE_POOL_SIZE:-20}, virtual threads: ${SPRING_THREADS_VIRTUAL_ENABLED:-false}"
  echo
  echo "where the database time went (pg_stat_statements, holi run only):"
  sed 's/^/  /' "$RUN/statements.txt"
} | tee "$RUN/summary.txt"

if [ "$SERVED_2XX" != "$AUDITED" ]; then
  echo "FAIL: $SERVED_2XX successful reads but $AUDITED audit records" >&2
  exit 1
fi
if [ "$NON2XX" != "0" ]; then
  echo "FAIL: $NON2XX responses were not 2xx" >&2
  exit 1
fi
