#!/usr/bin/env bash
# Cold start: how long `holi serve` takes to answer ready on an existing data directory (the embedded default, as
# the README's first command runs it a second time), and how long a CLI verb takes, each N times; then the same
# with class-data sharing (the jar extracted by Spring Boot's jar tools, one training run writing a CDS archive),
# and on Java 19 and later with the archive the JVM writes by itself at the first exit and reuses after
# (-XX:+AutoCreateSharedArchive: what the Dockerfile does, no training run).
#
#   bench/coldstart.sh [--runs 3] [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
#
# Prints each run and the medians. Everything happens in a fresh directory under /tmp; nothing of yours is touched.
source "$(dirname "$0")/lib.sh"

RUNS=3
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --java) JAVA=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_jar
RUN="$RESULTS/coldstart-$(date +%Y%m%d-%H%M%S)"
WORK=$(mktemp -d /tmp/holi-coldstart-XXXXXX)
chmod 755 "$WORK"
mkdir -p "$RUN"
PORT=$(free_port)
cd "$WORK"

now() { date +%s.%N; }
# serve_ready JAVA_ARGS...: seconds from launch until /api/health/ready answers, then a clean stop
serve_ready() {
  local start pid
  start=$(now)
  (exec env HOLI_PORT="$PORT" "$JAVA" "$@" serve > "$WORK/serve.log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/api/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/serve.log" >&2; echo "holi serve exited" >&2; exit 1; }
    sleep 0.05
  done
  awk -v s="$start" -v e="$(now)" 'BEGIN {printf "%.1f\n", e - s}'
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}
# verb_time JAVA_ARGS...: seconds for `holi users list` on the same data directory (no server running)
verb_time() {
  local start
  start=$(now)
  "$JAVA" "$@" users list > "$WORK/verb.log" 2>&1 || { cat "$WORK/verb.log" >&2; exit 1; }
  awk -v s="$start" -v e="$(now)" 'BEGIN {printf "%.1f\n", e - s}'
}

log "first start: creates the embedded cluster under $WORK/holi-data (not measured)"
serve_ready -jar "$JAR" > /dev/null
log "extracting the jar and writing a CDS archive from one training run (Spring's -Dspring.context.exit=onRefresh)"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/extracted" > /dev/null
env HOLI_PORT="$PORT" "$JAVA" -XX:ArchiveClassesAtExit="$WORK/extracted/holi.jsa" -Dspring.context.exit=onRefresh \
  -jar "$WORK/extracted/$(basename "$JAR")" serve > "$WORK/training.log" 2>&1 || { tail -20 "$WORK/training.log" >&2; exit 1; }
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
AUTO=""
if [ "${JAVA_MAJOR%%.*}" -ge 19 ]; then
  AUTO="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/auto.jsa"
  log "Java $JAVA_MAJOR: a first serve with -XX:+AutoCreateSharedArchive writes $WORK/auto.jsa at its exit (not measured)"
  # shellcheck disable=SC2086
  serve_ready $AUTO -jar "$WORK/extracted/$(basename "$JAR")" > /dev/null
fi
for r in $(seq 1 "$RUNS"); do
  serve_ready -jar "$JAR" >> "$RUN/serve.txt"
  serve_ready -XX:SharedArchiveFile="$WORK/extracted/holi.jsa" -jar "$WORK/extracted/$(basename "$JAR")" >> "$RUN/serve-cds.txt"
  verb_time -jar "$JAR" >> "$RUN/verb.txt"
  verb_time -XX:SharedArchiveFile="$WORK/extracted/holi.jsa" -jar "$WORK/extracted/$(basename "$JAR")" >> "$RUN/verb-cds.txt"
  if [ -n "$AUTO" ]; then
    # shellcheck disable=SC2086
    serve_ready $AUTO -jar "$WORK/extracted/$(basename "$JAR")" >> "$RUN/serve-auto.txt"
  fi
  log "run $r/$RUNS: serve $(tail -1 "$RUN/serve.txt") s, with CDS $(tail -1 "$RUN/serve-cds.txt") s${AUTO:+, auto archive $(tail -1 "$RUN/serve-auto.txt") s}; users list $(tail -1 "$RUN/verb.txt") s, with CDS $(tail -1 "$RUN/verb-cds.txt") s"
done
HELP_START=$(now); "$JAVA" -jar "$JAR" --help > /dev/null; HELP=$(awk -v s="$HELP_START" -v e="$(now)" 'BEGIN {printf "%.2f", e - s}')
{
  echo "holi cold start — $(date -u +%Y-%m-%dT%H:%M:%SZ), $("$JAVA" -version 2>&1 | head -1)"
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "holi serve until ready, existing embedded data directory, median of $RUNS: $(median < "$RUN/serve.txt") s ($(paste -sd' ' "$RUN/serve.txt"))"
  echo "  with CDS (extracted jar + archive):                    $(median < "$RUN/serve-cds.txt") s ($(paste -sd' ' "$RUN/serve-cds.txt"))"
  [ -n "$AUTO" ] && echo "  with the JVM's own archive (-XX:+AutoCreateSharedArchive, extracted jar): $(median < "$RUN/serve-auto.txt") s ($(paste -sd' ' "$RUN/serve-auto.txt"))"
  echo "holi users list (starts and stops the embedded cluster), median: $(median < "$RUN/verb.txt") s ($(paste -sd' ' "$RUN/verb.txt"))"
  echo "  with CDS:                                              $(median < "$RUN/verb-cds.txt") s ($(paste -sd' ' "$RUN/verb-cds.txt"))"
  echo "holi --help (no Spring, no PostgreSQL): $HELP s"
  echo "CDS archive: $(du -h "$WORK/extracted/holi.jsa" | cut -f1)"
} | tee "$RUN/summary.txt"
cd / && rm -rf "$WORK"
