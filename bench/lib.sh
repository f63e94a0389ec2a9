# Shared by the bench scripts: a dedicated PostgreSQL cluster with production-like settings, holi serving
# from it, synthetic data loaded once per size and kept between runs.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
# HOLI_BENCH_JAR: another build to measure (a copy, so that `mvn package` can run meanwhile);
# HOLI_BENCH_JAVA: the java that runs holi serve (default: java on the PATH)
JAR=${HOLI_BENCH_JAR:-$ROOT/target/holi.jar}
JAVA=${HOLI_BENCH_JAVA:-java}
# what kept holi serve under 450 MB resident at 2,000+ audited reads/s on 2 cores (bench/README.md, issue 18);
# MALLOC_ARENA_MAX=2 too (glibc's per-thread malloc arenas otherwise grow with the request threads)
DEFAULT_JAVA_OPTS="-Xmx192m -Xms192m -XX:+UseSerialGC"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"

PGBIN=${HOLI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "No PostgreSQL binaries found (apt-get install postgresql-15)" >&2; exit 1; }
for tool in wrk curl; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install $tool" >&2; exit 1; }
done

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ensure_jar() {
  if [ ! -f "$JAR" ]; then
    log "building target/holi.jar"
    (cd "$ROOT" && mvn -B -q package -DskipTests)
  fi
}

# start_cluster DIR: a cluster in DIR (created once), started on a free port; sets PGPORT, PGHOST, DB_URL
start_cluster() {
  local dir=$1
  CLUSTER_DIR=$dir
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $dir/data"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$dir/data/postgresql.conf" <<CONF
# production-like: every commit durable (audit records are evidence)
synchronous_commit = on
fsync = on
full_page_writes = on
wal_level = replica
max_connections = 200
shared_buffers = 512MB
effective_cache_size = 4GB
work_mem = 8MB
maintenance_work_mem = 256MB
random_page_cost = 1.1
checkpoint_timeout = 15min
max_wal_size = 4GB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
CONF
  fi
  # a run that was killed may have left it running
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  PGPORT=$(free_port)
  PGHOST=127.0.0.1
  export PGPORT PGHOST
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $PGPORT" -w -t 120 start >/dev/null
  if ! psql -U postgres -d postgres -Atc "SELECT 1 FROM pg_roles WHERE rolname = 'holi'" | grep -q 1; then
    psql -U postgres -d postgres -qc "CREATE ROLE holi LOGIN PASSWORD 'bench-only-password'" \
      -c "CREATE DATABASE holi OWNER holi"
    psql -U postgres -d holi -qc "CREATE EXTENSION pg_stat_statements" -c "GRANT pg_read_all_stats TO holi"
  fi
  DB_URL="postgresql://holi:bench-only-password@127.0.0.1:$PGPORT/holi"
  trap stop_all EXIT
  trap 'exit 130' INT TERM
}

stop_cluster() {
  [ -n "${CLUSTER_DIR:-}" ] && as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

psql_holi() { psql -U postgres -d holi -At "$@"; }

# clearly fake keys, for benchmarks only
export JWT_SECRET=bench-only-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz
export ENCRYPTION_KEY=62656e63682d6f6e6c792d656e6372797074696f6e2d6b65792d303132333435
export HOLI_BLIND_INDEX_KEY=62656e63682d6f6e6c792d626c696e642d696e6465782d6b65792d3031323334
export HOLI_METRICS_TOKEN=bench-only-metrics-token-0123456789abcdef

holi_env() {
  env DATABASE_URL="$DB_URL" HOLI_STORAGE_URL="file://$CLUSTER_DIR/objects" HOLI_DATABASE_SERVER_PREPARED_STATEMENTS=true \
      HOLI_RATE_LIMIT_PER_USER_PER_MINUTE=1000000000 HOLI_RATE_LIMIT_PER_IP_PER_MINUTE=1000000000 \
      HOLI_AUTH_TOKEN_TTL=4h HOLI_HEALTH_DRAIN=0s "$@"
}

# start_holi LOGFILE: holi serve against the bench cluster; sets HOLI_URL, HOLI_PID
start_holi() {
  local logfile=$1
  local port
  port=$(free_port)
  HOLI_URL="http://127.0.0.1:$port"
  # exec, so that $! is the JVM itself (its memory is what we report)
  # the object store (evidence, audit archive) lives beside the cluster, not in the working directory
  (exec env DATABASE_URL="$DB_URL" HOLI_STORAGE_URL="file://$CLUSTER_DIR/objects" HOLI_DATABASE_SERVER_PREPARED_STATEMENTS=true \
      HOLI_RATE_LIMIT_PER_USER_PER_MINUTE=1000000000 HOLI_RATE_LIMIT_PER_IP_PER_MINUTE=1000000000 \
      HOLI_AUTH_TOKEN_TTL=4h HOLI_HEALTH_DRAIN=0s HOLI_PORT=$port HOLI_DATABASE_POOL_SIZE=${HOLI_DATABASE_POOL_SIZE:-20} \
      MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$JAVA" ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} ${PROFILE_OPTS:-} -jar "$JAR" serve > "$logfile" 2>&1) &
  HOLI_PID=$!
  BENCH_HOLI_LOG=$logfile
  for _ in $(seq 1 120); do
    curl -sf "$HOLI_URL/api/health" >/dev/null 2>&1 && return 0
    kill -0 $HOLI_PID 2>/dev/null || { tail -20 "$logfile" >&2; echo "holi serve exited" >&2; exit 1; }
    sleep 0.5
  done
  echo "holi serve did not become healthy" >&2; exit 1
}

stop_holi() {
  if [ -n "${HOLI_PID:-}" ] && kill -0 "$HOLI_PID" 2>/dev/null; then
    kill "$HOLI_PID"; wait "$HOLI_PID" 2>/dev/null || true
  fi
  # an access log line per request: ~350 MB a run uncompressed (bench/results once filled the disk); zcat reads it
  if [ -n "${BENCH_HOLI_LOG:-}" ] && [ -s "$BENCH_HOLI_LOG" ]; then
    gzip -f "$BENCH_HOLI_LOG" || true
  fi
}

stop_all() { stop_holi; stop_cluster; }

# seed N: loads N synthetic patients registered by one clinician (once per cluster)
BENCH_CLINICIAN=bench-clinician@bench.holi
BENCH_PASSWORD=bench-clinician-password
seed() {
  local n=$1
  if [ -f "$CLUSTER_DIR/seeded-$n" ]; then
    log "reusing the $n patients already loaded in $CLUSTER_DIR"
    return
  fi
  log "loading $n synthetic patients (encrypted, granted and audited through PatientService)"
  psql -U postgres -d postgres -qc "ALTER SYSTEM SET synchronous_commit = off" -c "SELECT pg_reload_conf()" >/dev/null
  echo "$BENCH_PASSWORD" | holi_env java -jar "$JAR" users create --email "$BENCH_CLINICIAN" --role CLINICIAN \
    --name "Bench Clinician" --password-stdin >/dev/null
  holi_env java -Xmx1g -jar "$JAR" demo load --patients "$n" --as "$BENCH_CLINICIAN" --threads 4 --allow-external >&2
  psql -U postgres -d postgres -qc "ALTER SYSTEM RESET synchronous_commit" -c "SELECT pg_reload_conf()" >/dev/null
  touch "$CLUSTER_DIR/seeded-$n"
}

# bench_ids: patient ids numbered 1..N, so pgbench can pick a random patient
bench_ids() {
  if [ "$(psql_holi -c "SELECT to_regclass('bench_ids') IS NOT NULL")" != "t" ]; then
    psql -U holi -d holi -qc "CREATE TABLE bench_ids AS SELECT row_number() OVER () AS n, id FROM patients" \
      -c "CREATE UNIQUE INDEX ON bench_ids (n)" >/dev/null
    psql_holi -c "VACUUM ANALYZE" >/dev/null
  fi
  psql_holi -c "ALTER TABLE bench_ids OWNER TO holi" >/dev/null
}

login() {
  curl -sf -X POST "$HOLI_URL/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$BENCH_CLINICIAN\",\"password\":\"$BENCH_PASSWORD\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
}

# the server's own count of responses for a route and status, from its Prometheus metrics
served() {
  curl -sf -H 'Accept: text/plain' -H "Authorization: Bearer $HOLI_METRICS_TOKEN" "$HOLI_URL/api/health/metrics" \
    | awk -v pat="http_requests_total{method=\"$1\",route=\"$2\",status=\"$3\"}" 'index($0, pat) == 1 {print $2; found=1} END {if (!found) print 0}' \
    | awk '{printf "%d", $1}'
}

# fields SIDE K: field K of every RESULT line in $RUN/SIDE-*.txt (wrk's read.lua, or pgbench's added line);
# median: of the numbers on stdin; line SIDE: the medians of one side's rounds, in words
fields() { cat "$RUN"/"$1"-*.txt | awk -F"$2=" '/^RESULT/ {split($2, a, " "); print a[1]}'; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
line() { echo "$(fields "$1" rps | median)/s, p50 $(fields "$1" p50_ms | median) ms, p95 $(fields "$1" p95_ms | median) ms, p99 $(fields "$1" p99_ms | median) ms, max $(fields "$1" max_ms | sort -n | tail -1) ms"; }

peak_rss_mb() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$1/status"; }
# cpu_ticks PID: the user + system CPU time a process has used so far (all its threads), in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
