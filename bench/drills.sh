#!/usr/bin/env bash
# The production topology broken on purpose (issue 16): deploy/local/topology up, a steady load of audited reads and
# writes through nginx (wrk, bench/wrk/drills.lua: several clinicians reading patients, writing notes, booking),
# then each drill in turn, measured, and a table printed:
#   1 rolling deploy of both instances      4 PgBouncer restarted           7 point-in-time recovery of the
#   2 kill -9 of one holi instance          5 the PostgreSQL leader lost      cluster to the moment of a
#   3 Redis killed and restarted            6 the replica stopped             "disaster" during the load
# For each: failed requests (non-2xx and socket errors), the time it took to recover, and the alerts Prometheus
# raised (pending, then firing after the rule's "for:") with how long after the fault.
# After drill 5 every request id answered 2xx is looked up in audit_logs: acknowledged audit records lost.
# Usage: bench/drills.sh [--sync] [--connections N] [--drills "1 2 3 4 5 6 7"]   (needs target/holi.jar; ~20 min)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SYNC=""; CONNECTIONS=4; DRILLS="1 2 3 4 5 6 7"
while [ $# -gt 0 ]; do
  case $1 in --sync) SYNC=--sync ;; --connections) CONNECTIONS=$2; shift ;; --drills) DRILLS=$2; shift ;;
    *) echo "unknown option $1 (--sync, --connections N, --drills \"1 5\")" >&2; exit 2 ;; esac
  shift
done
ensure_jar
command -v psql >/dev/null || { echo "psql is missing: apt-get install postgresql-client-15" >&2; exit 1; }

export HOLI_LOCAL_DIR=${HOLI_LOCAL_DIR:-/tmp/holi-drills}
export HOLI_LOCAL_PORT=${HOLI_LOCAL_PORT:-15500}
# one address and a few clinicians make all the load: the limits are not what the drills measure
export HOLI_RATE_LIMIT_PER_USER_PER_MINUTE=1000000 HOLI_RATE_LIMIT_PER_IP_PER_MINUTE=1000000 HOLI_AUTH_TOKEN_TTL=2h
T="deploy/local/topology"
B=$HOLI_LOCAL_PORT
URL="https://localhost:$((B + 60))"
RUN="$RESULTS/drills-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN/load"
chmod 755 "$RUN" "$RUN/load"

$T down >/dev/null 2>&1 || true
log "bringing the topology up ${SYNC:-(asynchronous replication)}"
$T up $SYNC | tee "$RUN/topology.txt" >&2
trap '$T down >/dev/null 2>&1 || true' EXIT
set -a; . "$HOLI_LOCAL_DIR/secrets.env"; set +a
PRIMARY="postgresql://holi:$POSTGRES_PASSWORD@127.0.0.1:$((B + 20))/holi"

holi_cli() {
  env DATABASE_URL="$PRIMARY" JWT_SECRET="$JWT_SECRET" ENCRYPTION_KEY="$ENCRYPTION_KEY" HOLI_BLIND_INDEX_KEY="$HOLI_BLIND_INDEX_KEY" \
    HOLI_METRICS_TOKEN="$HOLI_METRICS_TOKEN" HOLI_STORAGE_URL="file://$HOLI_LOCAL_DIR/objects" \
    HOLI_PATRONI_URLS="http://127.0.0.1:$((B + 10)),http://127.0.0.1:$((B + 12))" java -jar "$JAR" "$@"
}
api() { curl -sk --max-time 10 -H 'content-type: application/json' "$@"; }
now_ms() { date +%s%3N; }

log "three clinicians, three patients each"
: > "$RUN/users.txt"
for u in 1 2 3; do
  email="drill-$u-$(date +%s)@holi.local"; pw="drill-password-$u-$RANDOM-long"
  echo "$pw" | holi_cli users create --password-stdin --email "$email" --role CLINICIAN --name "Drill-Clinician-$u" >/dev/null
  token=$(api -X POST "$URL/api/auth/login" -d "{\"email\":\"$email\",\"password\":\"$pw\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  me=$(api "$URL/api/me" -H "Authorization: Bearer $token" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  line="$token $me"
  for i in 1 2 3; do
    p=$(api -X POST "$URL/api/patients" -H "Authorization: Bearer $token" \
      -d "{\"firstName\":\"Drill$u\",\"lastName\":\"Patient$i\",\"dateOfBirth\":\"1970-01-0$i\"}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
    line="$line $p"
  done
  echo "$line" >> "$RUN/users.txt"
done
[ "$(wc -w < "$RUN/users.txt")" -eq 15 ] || { echo "setting up users and patients failed" >&2; exit 1; }
WRITER_TOKEN=$(head -1 "$RUN/users.txt" | cut -d' ' -f1)
WRITER_PATIENT=$(head -1 "$RUN/users.txt" | cut -d' ' -f3)

# ---- the load, one wrk per drill (its summary is that drill's count), and the alerts, polled every second ----
SLOT_BASE=$(( ($(date +%s) + 180 * 86400) / 300 * 300 ))
start_load() {
  DRILL=$1 SLOT_BASE=$SLOT_BASE USERS_FILE="$RUN/users.txt" OUT_DIR="$RUN/load" wrk -t2 -c"$CONNECTIONS" -d1h --timeout 10s \
    -s bench/wrk/drills.lua "$URL" > "$RUN/wrk-$1.txt" 2>&1 &
  WRK=$!
  sleep 5 # a steady state before the fault
}
stop_load() {
  sleep 5 # and after the recovery
  kill -INT $WRK; wait $WRK || true
  sed -n 's/^RESULT //p' "$RUN/wrk-$1.txt"
}
# "N answered non-2xx, M without an answer" (wrk counts a request whose connection closed under it as a socket error)
failed_of() { local r; r=$(grep '^RESULT' "$RUN/wrk-$1.txt"); echo "$(sed 's/.*non2xx=\([0-9]*\).*/\1/' <<< "$r") non-2xx, $(sed 's/.*socket_errors=\([0-9]*\).*/\1/' <<< "$r") unanswered"; }
requests_of() { grep '^RESULT' "$RUN/wrk-$1.txt" | sed 's/.*requests=\([0-9]*\).*/\1/'; }

( while true; do
    curl -s --max-time 2 "http://127.0.0.1:$((B + 70))/api/v1/alerts" \
      | python3 -c 'import json,sys,time; [print(int(time.time()*1000), a["labels"]["alertname"], a["state"]) for a in json.load(sys.stdin)["data"]["alerts"]]' \
      >> "$RUN/alerts.log" 2>/dev/null || true
    sleep 1
  done ) &
ALERTS=$!
trap 'kill $ALERTS 2>/dev/null; $T down >/dev/null 2>&1 || true' EXIT

# alerts_since MS: "Name pending +Xs, firing +Ys" for alerts first seen after MS
alerts_since() {
  # (alerts already active at the last poll before the fault are not the fault's)
  awk -v t0="$1" '$1 >= t0 - 5000 && $1 < t0 { before[$2 " " $3] = 1 }
    $1 >= t0 { k = $2 " " $3; if (!(k in seen) && !(k in before)) { seen[k] = $1; order[++n] = k } }
    END { for (i = 1; i <= n; i++) { split(order[i], a, " "); printf "%s%s %s +%ds", (i > 1 ? ", " : ""), a[1], a[2], (seen[order[i]] - t0) / 1000 } }' \
    "$RUN/alerts.log"
}
# wait_alert NAME STATE SECONDS: until Prometheus shows it (or the time is up)
wait_alert() { local end=$((SECONDS + $3)); until grep -q " $1 $2\$" <(tail -n 200 "$RUN/alerts.log") || [ $SECONDS -ge $end ]; do sleep 1; done; }
# until_ok SECONDS COMMAND...: milliseconds until COMMAND succeeds
until_ok() { local t0; t0=$(now_ms); local end=$((SECONDS + $1)); shift; until "$@" >/dev/null 2>&1 || [ $SECONDS -ge $end ]; do sleep 0.1; done; echo $(( $(now_ms) - t0 )); }
write_ok() { [ "$(api -o /dev/null -w '%{http_code}' -X POST "$URL/api/patients/$WRITER_PATIENT/notes" -H "Authorization: Bearer $WRITER_TOKEN" -d '{"text":"probe"}')" = 201 ]; }
health_ok() { [ "$(api -o /dev/null -w '%{http_code}' "$URL/api/health")" = 200 ]; }

ROWS=()
want() { [[ " $DRILLS " == *" $1 "* ]]; }
row() { ROWS+=("$(printf '| %s | %s | %s | %s | %s |' "$1" "$2" "$3" "$4" "$5")"); log "drill $1: failed $2 of $3; $4; alerts: $5"; }

if want 1; then
log "1. rolling deploy of both holi instances"
start_load 1; t0=$(now_ms)
$T deploy >&2
took=$(( $(now_ms) - t0 )); stop_load 1 >/dev/null
row "1 rolling deploy" "$(failed_of 1)" "$(requests_of 1)" "deploy took $((took / 1000)) s" "$(alerts_since "$t0")"
fi

if want 2; then
log "2. kill -9 of holi1"
start_load 2; t0=$(now_ms)
$T kill holi1
# nginx learns from refused connections (max_fails=2 fail_timeout=5s) and sends the request on to holi2
sleep 20
n=$(grep -c "connect() failed" "$HOLI_LOCAL_DIR/log/nginx.log" || true)
wait_alert APIServerDown pending 60
a=$(alerts_since "$t0")
$T start holi1 >&2; stop_load 2 >/dev/null
row "2 kill -9 holi1" "$(failed_of 2)" "$(requests_of 2)" "nginx retried $n refused connections on holi2 in 20 s" "$a"
fi

if want 3; then
log "3. Redis killed and restarted"
start_load 3; t0=$(now_ms)
$T kill redis
wait_alert RedisDown pending 60
sleep 5
a=$(alerts_since "$t0")
$T start redis >&2; stop_load 3 >/dev/null
row "3 Redis killed, restarted" "$(failed_of 3)" "$(requests_of 3)" "the limiter failed open; down $(( ($(now_ms) - t0) / 1000 )) s" "$a"
fi

if want 4; then
log "4. PgBouncer restarted"
start_load 4; t0=$(now_ms)
$T stop pgbouncer; $T start pgbouncer >&2
rec=$(until_ok 120 write_ok)
stop_load 4 >/dev/null
row "4 PgBouncer restarted" "$(failed_of 4)" "$(requests_of 4)" "writes again $((rec + 0)) ms after it was back" "$(alerts_since "$t0")"
fi

if want 5; then
log "5. the PostgreSQL leader lost (its Patroni and postmaster killed)"
start_load 5
leader=$($T pid leader)
t0=$(now_ms)
$T crash "$leader"
rec=$(until_ok 180 write_ok)
new=$($T pid leader || echo none)
wait_alert DatabaseDown pending 30
a=$(alerts_since "$t0")
$T start "$leader" >&2
rest=$([ "$leader" = node1 ] && echo $((B + 10)) || echo $((B + 12)))
rejoin=$(until_ok 300 curl -fs -o /dev/null "http://127.0.0.1:$rest/replica")
stop_load 5 >/dev/null
sleep 2
cat "$RUN"/load/acknowledged-*.txt | sort -u > "$RUN/acknowledged.txt"
psql -qAt "$PRIMARY" -c "CREATE TEMP TABLE acked (id text)" -c "\\copy acked FROM '$RUN/acknowledged.txt'" \
  -c "SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM audit_logs l WHERE l.request_id = a.id)" > "$RUN/lost.txt"
lost=$(tail -1 "$RUN/lost.txt"); acked=$(wc -l < "$RUN/acknowledged.txt")
timeline=$(curl -s "http://127.0.0.1:$rest/patroni" | sed -n 's/.*"timeline": *\([0-9]*\).*/\1/p')
row "5 leader $leader lost" "$(failed_of 5)" "$(requests_of 5)" "writes again after $((rec / 1000)).$(( rec % 1000 / 100 )) s on $new; $leader back as a replica (pg_rewind) $((rejoin / 1000)) s after its restart, timeline $timeline; **acknowledged audit records lost: $lost of $acked**" "$a"
holi_cli audit seal >/dev/null 2>&1 || true
verify=$(holi_cli audit verify 2>&1 | tail -1) || true
log "audit verify after the failover: $verify"
fi

if want 6; then
log "6. the replica stopped"
new=$($T pid leader); replica=$([ "$new" = node1 ] && echo node2 || echo node1)
start_load 6; t0=$(now_ms)
$T stop "$replica"
wait_alert DatabaseDown firing 120
a=$(alerts_since "$t0")
daily=$(holi_cli ops daily 2>/dev/null | grep -E '^\S\s+Replication lag' | sed 's/  */ /g' || true)
$T start "$replica" >&2
stop_load 6 >/dev/null
row "6 replica $replica stopped" "$(failed_of 6)" "$(requests_of 6)" "reads and writes on $new alone; holi ops daily: $daily" "$a"
fi

if want 7; then
log "7. point-in-time recovery to a moment during the load"
start_load 7
sleep 10
disaster=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); t0=$(now_ms)
leaderconf="$HOLI_LOCAL_DIR/$($T pid leader)/pgbackrest.conf"
scratch="$HOLI_LOCAL_DIR/pitr"; mkdir -p "$scratch"; chmod 700 "$scratch"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$scratch"
as_pg pgbackrest --config="$leaderconf" --stanza=holi --pg1-path="$scratch" restore --archive-mode=off >> "$RUN/pitr.log" 2>&1
port=$(free_port)
pitrlog="$HOLI_LOCAL_DIR/pitr-log"; mkdir -p "$pitrlog"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$pitrlog"
as_pg "$PGBIN/pg_ctl" -D "$scratch" -l "$pitrlog/postgres.log" -w -t 600 \
  -o "-p $port -k $scratch -c archive_mode=off -c synchronous_standby_names= -c hot_standby=on" start >> "$RUN/pitr.log" 2>&1
end=$((SECONDS + 900))
until as_pg "$PGBIN/psql" -h "$scratch" -p "$port" -U postgres -d holi -qAt -c "SELECT NOT pg_is_in_recovery()" 2>/dev/null | grep -q t; do
  [ $SECONDS -lt $end ] || { echo "the restored cluster did not come up (log: $pitrlog/postgres.log)" >&2; exit 1; }
  sleep 0.2
done
rto=$(( $(now_ms) - t0 ))
newest=$(as_pg "$PGBIN/psql" -h "$scratch" -p "$port" -U postgres -d holi -qAt -c "SELECT to_char(max(\"timestamp\") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM audit_logs")
rpo=$(python3 -c "from datetime import datetime as d; f='%Y-%m-%dT%H:%M:%S.%fZ'; print(round((d.strptime('$disaster', f) - d.strptime('$newest', f)).total_seconds(), 1))")
as_pg "$PGBIN/pg_ctl" -D "$scratch" -m immediate stop >/dev/null 2>&1 || true
stop_load 7 >/dev/null
row "7 PITR of the cluster" "$(failed_of 7)" "$(requests_of 7)" "RPO $rpo s (newest audit record restored vs the moment of the disaster), RTO $((rto / 1000)) s (restore from pgBackRest, WAL replayed, answering)" "–"
fi

echo
echo "drills on $(nproc) cores, $(date -u +%Y-%m-%d), replication: ${SYNC:+synchronous (Patroni synchronous_mode)}${SYNC:-asynchronous}, load: wrk $CONNECTIONS connections (reads : notes : bookings = 2 : 1 : 1)"
echo "| drill | failed requests | requests | recovery | alerts (Prometheus state, time after the fault) |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
[ -n "${verify:-}" ] && echo "audit verify after the failover: $verify"
echo "results: $RUN"
