#!/usr/bin/env bash
# The web application's busiest pages, as a signed-in clinician's browser asks for them.
#
#   bench/pages.sh [--patients 100000] [--duration 30s] [--connections 16] [--threads 2] [--warmup 120s]
#
# Starts a dedicated PostgreSQL cluster, holi serve against it, loads the patients once (kept in
# /tmp/holi-bench-N), signs in through the sign-in page (CSRF token, session cookie), warms up, then drives with
# wrk, one page at a time, using the session cookie: the patient chart (GET /patients/{id}, random ids), the
# finder's results (GET /patients/search?q=<3 letters>) and the day schedule (GET /schedule). Prints each page's
# latency percentiles, the bytes each page costs a browser on the wire (the page gzipped, plus htmx, the CSS and
# the script), and audit completeness for the chart (audit READ records == chart pages served; fails if not).
source "$(dirname "$0")/lib.sh"

PATIENTS=100000; DURATION=30s; CONNECTIONS=16; THREADS=2; WARMUP=120s
while [ $# -gt 0 ]; do
  case $1 in
    --patients) PATIENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_jar
RUN="$RESULTS/pages-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
start_cluster "/tmp/holi-bench-$PATIENTS"
start_holi "$RUN/holi.log"
seed "$PATIENTS"
psql_holi -c "SELECT id FROM patients WHERE deleted_at IS NULL" > "$RUN/ids.txt"
UID_=$(psql_holi -c "SELECT id FROM users WHERE email = '$BENCH_CLINICIAN'")

# sign in as a browser does: the sign-in page's CSRF token, the form, the session cookie
JARFILE="$RUN/cookies.txt"
CSRF=$(curl -sf -c "$JARFILE" -b "$JARFILE" "$HOLI_URL/login" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
[ -n "$CSRF" ] || { echo "the sign-in page has no CSRF token" >&2; exit 1; }
WHERE=$(curl -s -c "$JARFILE" -b "$JARFILE" -o /dev/null -w '%{http_code} %{redirect_url}' -X POST "$HOLI_URL/login" \
  --data-urlencode "email=$BENCH_CLINICIAN" --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "_csrf=$CSRF")
case "$WHERE" in 302\ */login*|[!3]*) echo "sign-in failed: $WHERE" >&2; exit 1 ;; esac
SESSION=$(awk '$6 == "HOLI_SESSION" {print $7}' "$JARFILE")
[ -n "$SESSION" ] || { echo "no session cookie after sign-in" >&2; exit 1; }
export SESSION IDS_FILE="$RUN/ids.txt"

# what a browser downloads for one page: the page gzipped, and what the page loads (not cached here: worst case)
wire() { curl -s -o /dev/null -w '%{size_header} %{size_download}\n' --compressed -H "Cookie: HOLI_SESSION=$SESSION" "$HOLI_URL$1" | awk '{print $1 + $2}'; }
ASSETS=0
for a in /assets/vendor/htmx.min.js /assets/app.css /assets/app.js; do ASSETS=$((ASSETS + $(wire "$a"))); done
FIRST_ID=$(head -1 "$RUN/ids.txt")
SIZE_chart=$(( $(wire "/patients/$FIRST_ID") + ASSETS ))
SIZE_finder=$(( $(wire "/patients/search?q=ava") + ASSETS ))
SIZE_schedule=$(( $(wire "/schedule") + ASSETS ))

# seal what loading and earlier runs left unsealed, so that the seal job inside holi serve hashes only this run's
# records during the rounds (as bench/reads.sh does)
log "sealing the audit records earlier runs left (holi audit seal)"
holi_env java -jar "$JAR" audit seal > "$RUN/seal.txt" 2>&1 || { cat "$RUN/seal.txt" >&2; exit 1; }
log "warming up: the three pages in turn, 20 s each, for $WARMUP"
WARM_S=0
while [ "$WARM_S" -lt "${WARMUP%s}" ]; do
  for p in chart finder schedule; do
    PAGE=$p wrk -t"$THREADS" -c"$CONNECTIONS" -d20s -s "$BENCH_DIR/wrk/page.lua" "$HOLI_URL" >> "$RUN/warmup.txt"
  done
  WARM_S=$((WARM_S + 60))
done

T0=$(psql_holi -c "SELECT now()")
OK0=$(served GET "/patients/{id}" 200)
for p in chart finder schedule; do
  log "$p: $CONNECTIONS connections, $THREADS threads, $DURATION"
  PAGE=$p wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH_DIR/wrk/page.lua" "$HOLI_URL" > "$RUN/wrk-$p.txt"
  sleep 2 # requests in flight when wrk stopped are answered (and audited) too
done
OK1=$(served GET "/patients/{id}" 200)
T1=$(psql_holi -c "SELECT now()")
CHARTS=$((OK1 - OK0))
AUDITED=$(psql_holi -c "SELECT count(*) FROM audit_logs WHERE action = 'READ' AND resource = 'Patient' AND user_id = '$UID_'
                        AND timestamp >= '$T0' AND timestamp <= '$T1'")
RSS=$(peak_rss_mb "$HOLI_PID")

field() { awk -F"$2=" '/^RESULT/ {split($2, a, " "); print a[1]}' "$RUN/wrk-$1.txt"; }
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
FAIL=0
{
  echo "holi pages — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores ($CPU), $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), synchronous_commit=on"
  echo "data: $PATIENTS patients, one clinician granted to each, signed in with a web session; $CONNECTIONS connections, $THREADS wrk threads, $DURATION per page after ${WARMUP} of warm-up"
  echo
  for p in chart finder schedule; do
    size_var="SIZE_$p"
    printf '%-9s %8s req/s  p50 %6s ms  p95 %6s ms  p99 %6s ms  max %7s ms  non-2xx %s  on the wire %s KB (page + htmx + CSS + script, gzip)\n' \
      "$p" "$(field "$p" rps)" "$(field "$p" p50_ms)" "$(field "$p" p95_ms)" "$(field "$p" p99_ms)" "$(field "$p" max_ms)" \
      "$(field "$p" non2xx)" "$(awk -v b="${!size_var}" 'BEGIN {printf "%.1f", b / 1024}')"
  done
  echo "audit     chart pages served (200): $CHARTS, audit READ records of patients written: $AUDITED"
  echo "memory    peak resident set of holi serve: $RSS MB"
} | tee "$RUN/summary.txt"

for p in chart finder schedule; do
  size_var="SIZE_$p"
  awk -v v="$(field "$p" p95_ms)" 'BEGIN {exit !(v >= 100)}' && { echo "FAIL: $p p95 $(field "$p" p95_ms) ms is not under 100 ms" >&2; FAIL=1; }
  [ "${!size_var}" -gt 102400 ] && { echo "FAIL: $p costs ${!size_var} bytes on the wire, over 100 KB" >&2; FAIL=1; }
  [ "$(field "$p" non2xx)" != "0" ] && { echo "FAIL: $p had non-2xx responses" >&2; FAIL=1; }
done
[ "$CHARTS" != "$AUDITED" ] && { echo "FAIL: $CHARTS chart pages but $AUDITED audit records" >&2; FAIL=1; }
exit $FAIL
